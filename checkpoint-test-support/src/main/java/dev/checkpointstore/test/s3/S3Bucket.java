package dev.checkpointstore.test.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One test's bucket on an {@link S3MockServer}, with the few object operations tests set up and
 * check storage with. {@link S3MockExtension} makes one per test.
 *
 * @param server the server holding the bucket
 * @param name the bucket's name
 */
public record S3Bucket(S3MockServer server, String name) {

    /**
     * The server's shared client (see {@link S3MockServer#client()}); not to be closed.
     * @return the client
     */
    public S3Client client() {
        return server.client();
    }

    /**
     * Stores an object.
     * @param key the key
     * @param bytes the content
     */
    public void put(String key, byte[] bytes) {
        client().putObject(r -> r.bucket(name).key(key), RequestBody.fromBytes(bytes));
    }

    /**
     * Stores every file of a directory tree under its path relative to the tree ({@code /}-separated).
     * @param tree the directory
     */
    public void upload(Path tree) {
        try (Stream<Path> files = Files.walk(tree)) {
            files.filter(Files::isRegularFile).forEach(file -> client().putObject(
                    r -> r.bucket(name).key(tree.relativize(file).toString().replace('\\', '/')),
                    RequestBody.fromFile(file)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot upload " + tree, ex);
        }
    }

    /**
     * Whether an object exists.
     * @param key the key
     * @return true when a HEAD finds it
     */
    public boolean exists(String key) {
        try {
            client().headObject(r -> r.bucket(name).key(key));
            return true;
        }
        catch (S3Exception ex) {
            if (ex.statusCode() == 404) {
                return false;
            }
            throw ex;
        }
    }

    /**
     * The keys of the objects under a prefix, in the order the listing gives them (up to 1,000).
     * @param prefix the prefix, empty for all
     * @return the keys
     */
    public List<String> keys(String prefix) {
        return client().listObjectsV2(r -> r.bucket(name).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    /** Deletes every object (up to 1,000) and then the bucket: a store on it fails from then on. */
    public void delete() {
        for (S3Object object : client().listObjectsV2(r -> r.bucket(name)).contents()) {
            client().deleteObject(r -> r.bucket(name).key(object.key()));
        }
        client().deleteBucket(r -> r.bucket(name));
    }

    /**
     * When an object was last modified, as a listing reports it (what orphan cleanup reads).
     * @param key the key
     * @return the time
     * @throws AssertionError when there is no such object
     */
    public Instant lastModified(String key) {
        return client().listObjectsV2(r -> r.bucket(name).prefix(key)).contents().stream()
                .filter(o -> o.key().equals(key)).map(S3Object::lastModified).findFirst()
                .orElseThrow(() -> new AssertionError("no object " + key + " in bucket " + name));
    }
}
