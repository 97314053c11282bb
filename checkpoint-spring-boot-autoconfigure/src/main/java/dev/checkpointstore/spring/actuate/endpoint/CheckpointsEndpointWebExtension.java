package dev.checkpointstore.spring.actuate.endpoint;

import java.util.Objects;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpoint.ManifestDescriptor;

/**
 * The HTTP side of the {@link CheckpointsEndpoint}: {@code GET /actuator/checkpoints/{id}} and
 * {@code GET /actuator/checkpoints/latest} answer 404 when there is no such checkpoint. A malformed
 * id, {@code limit} or {@code before} is a 400 from the endpoint itself.
 */
@EndpointWebExtension(endpoint = CheckpointsEndpoint.class)
public class CheckpointsEndpointWebExtension {

    private final CheckpointsEndpoint delegate;

    /**
     * Creates the extension.
     * @param delegate the endpoint
     */
    public CheckpointsEndpointWebExtension(CheckpointsEndpoint delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * One checkpoint, or the newest.
     * @param id an unsigned 64-bit checkpoint id, or {@code latest}
     * @return the checkpoint, or 404 when there is none
     */
    @ReadOperation
    public WebEndpointResponse<ManifestDescriptor> checkpoint(@Selector String id) {
        ManifestDescriptor descriptor = delegate.checkpoint(id);
        return descriptor != null ? new WebEndpointResponse<>(descriptor, WebEndpointResponse.STATUS_OK)
                : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }
}
