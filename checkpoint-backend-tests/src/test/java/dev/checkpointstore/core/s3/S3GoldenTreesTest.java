package dev.checkpointstore.core.s3;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.checkpointstore.core.golden.GoldenReportAssert;
import dev.checkpointstore.core.golden.GoldenTree;
import dev.checkpointstore.test.s3.S3MockExtension;

import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Every golden tree the object layout can hold, uploaded to S3Mock under a prefix in LaminarDB's
 * object layout and read by {@link S3CheckpointStore}: it answers as LaminarDB did.
 */
class S3GoldenTreesTest {

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension();

    static List<GoldenTree> trees() {
        return GoldenTree.objectLayoutTrees();
    }

    @ParameterizedTest
    @MethodSource("trees")
    void readsAsLaminarDbDoes(GoldenTree tree) {
        String bucket = S3.bucket().name();
        String prefix = "nodes/" + tree.name() + "/";
        GoldenTree.ObjectTree objects = tree.objectLayout().orElseThrow();
        for (Map.Entry<String, Path> object : objects.files().entrySet()) {
            S3.server().client().putObject(r -> r.bucket(bucket).key(prefix + object.getKey()),
                    RequestBody.fromFile(object.getValue()));
        }
        objects.latest().ifPresent(id -> S3.server().client().putObject(
                r -> r.bucket(bucket).key(prefix + "manifests/latest.json"),
                RequestBody.fromString("{\"checkpoint_id\": " + Long.toUnsignedString(id) + "}", StandardCharsets.UTF_8)));
        S3CheckpointStore store = S3CheckpointStore.builder(S3.server().client(), bucket).prefix(prefix).build();
        GoldenReportAssert.assertAgrees(store, tree.expected());
    }
}
