package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.s3.S3MockExtension;

/**
 * A 300 MiB sidecar is saved as a multipart upload and validated by a JVM with a 128 MiB heap
 * ({@link LargeSidecarCheck}): state streams in and out in memory bounded by the transfer
 * concurrency times the part size (8 x 8 MiB by default), its 38 parts uploaded and read back in
 * parallel ranged GETs.
 */
class S3LargeSidecarTest {

    private static final int MIB = 300;


    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension();

    @Test
    void threeHundredMibSaveAndValidateInA128MibHeap() throws Exception {
        String bucket = S3.bucket().name();
        String prefix = "large/";
        Process child = new ProcessBuilder(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", testClassPath(),
                LargeSidecarCheck.class.getName(),
                S3.server().endpoint().toString(), bucket, prefix, "7", Integer.toString(MIB)))
                .redirectErrorStream(true).start();
        String output;
        try {
            output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        }
        finally {
            child.destroyForcibly();
        }
        System.out.println(output);

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("valid=true issues=[]").contains("tail=true").doesNotContain("OutOfMemoryError");
        assertThat(output).as("38 parts of 8 MiB, 8 at a time, up and back (and the GET of the manifest)")
                .contains("concurrency=8 partSize=8388608 uploadParts=38 validationGets=39");
        ObjectLayout layout = new ObjectLayout(prefix);
        HeadObjectResponse head = S3.server().client().headObject(r -> r.bucket(bucket).key(layout.stateKey(7)));
        assertThat(head.contentLength()).isEqualTo((long) MIB * 1024 * 1024);
        assertThat(head.eTag()).as("a multipart ETag").matches("\"?[0-9a-f]+-38\"?");
        assertThat(S3.server().client().listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    }

    private static String testClassPath() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path");
        if (classPath == null || classPath.isBlank()) {
            classPath = System.getProperty("java.class.path");
        }
        return classPath;
    }
}
