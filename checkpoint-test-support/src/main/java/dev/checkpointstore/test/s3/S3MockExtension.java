package dev.checkpointstore.test.s3;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Gives each test a bucket of its own on the {@linkplain S3MockServer#shared() shared S3Mock server}
 * (started on first use). Register it with {@code @ExtendWith(S3MockExtension.class)} and take an
 * {@link S3Bucket}, an {@link S3Client} (the server's shared one) or the {@link S3MockServer} as a
 * parameter of a test, {@code @BeforeEach} or constructor; or register an instance with
 * {@code @RegisterExtension static final S3MockExtension S3 = new S3MockExtension("stem")} and
 * call {@link #bucket()}. Buckets are named after the test class (or the stem), made unique, and
 * stay until the server stops (S3Mock's data is deleted then).
 *
 * <p>The server needs the system property {@code s3mock.jar}: see {@link S3MockServer}.
 */
public final class S3MockExtension implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(S3MockExtension.class);

    private final @Nullable String stem;
    private volatile @Nullable S3Bucket current;

    /** Names each test's bucket after its test class. */
    public S3MockExtension() {
        this.stem = null;
    }

    /**
     * Names each test's bucket after a stem.
     * @param stem the start of the names: lowercase letters, digits and dashes
     */
    public S3MockExtension(String stem) {
        this.stem = stem;
    }

    /**
     * Creates the test's bucket.
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        bucketOf(context);
    }

    /**
     * Whether the parameter is one this extension provides.
     * @param parameter the parameter
     * @param context the context
     * @return true for {@link S3Bucket}, {@link S3Client} and {@link S3MockServer}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == S3Bucket.class || type == S3Client.class || type == S3MockServer.class;
    }

    /**
     * The test's bucket, the shared client or the server.
     * @param parameter the parameter
     * @param context the context
     * @return the value
     */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == S3MockServer.class) {
            return S3MockServer.shared();
        }
        if (type == S3Client.class) {
            return S3MockServer.shared().client();
        }
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("an S3Bucket belongs to one test: take it in a test or a"
                    + " @BeforeEach method, not in " + parameter.getDeclaringExecutable());
        }
        return bucketOf(context);
    }

    /**
     * The bucket of the running test, for an extension registered as a static field.
     * @return the bucket
     * @throws IllegalStateException outside a test
     */
    public S3Bucket bucket() {
        S3Bucket bucket = current;
        if (bucket == null) {
            throw new IllegalStateException("no test is running: bucket() is for tests and their @BeforeEach methods");
        }
        return bucket;
    }

    /**
     * The shared server.
     * @return the running server
     */
    public S3MockServer server() {
        return S3MockServer.shared();
    }

    private S3Bucket bucketOf(ExtensionContext context) {
        S3Bucket bucket = context.getStore(NAMESPACE).computeIfAbsent(S3Bucket.class, key -> {
            return S3MockServer.shared().newS3Bucket(stem(context));
        }, S3Bucket.class);
        current = bucket;
        return bucket;
    }

    private String stem(ExtensionContext context) {
        if (stem != null) {
            return stem;
        }
        String name = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
        return name.replaceAll("[^a-z0-9-]", "").replaceAll("test$", "");
    }
}
