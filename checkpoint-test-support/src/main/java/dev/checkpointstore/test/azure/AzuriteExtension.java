package dev.checkpointstore.test.azure;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import com.azure.storage.blob.BlobContainerClient;

/**
 * Gives a test Azurite ({@link AzuriteServer#shared()}, skipping the test where {@code node} or
 * Azurite is missing) and, as a parameter of a test or lifecycle method, a {@link BlobContainerClient}
 * of a fresh container of its own, or the {@link AzuriteServer}.
 */
public final class AzuriteExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        AzuriteServer.shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == BlobContainerClient.class || type == AzuriteServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        AzuriteServer server = AzuriteServer.shared();
        if (parameter.getParameter().getType() == AzuriteServer.class) {
            return server;
        }
        return server.newContainer(context.getRequiredTestClass().getSimpleName() + context.getTestMethod()
                .map(m -> m.getName()).orElse(""));
    }
}
