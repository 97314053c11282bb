package dev.checkpointstore.core.s3;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the shared {@link S3MockServer} into test constructors and methods
 * ({@code @ExtendWith(S3MockExtension.class)}, then a parameter of type {@code S3MockServer}). The
 * server starts once per test JVM, on first use.
 */
public final class S3MockExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3MockServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return S3MockServer.shared();
    }
}
