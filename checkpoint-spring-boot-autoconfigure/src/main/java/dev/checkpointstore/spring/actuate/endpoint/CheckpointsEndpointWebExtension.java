package dev.checkpointstore.spring.actuate.endpoint;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpoint.ManifestDescriptor;

/**
 * The HTTP side of the {@link CheckpointsEndpoint}: {@code GET /actuator/checkpoints/{id}} and
 * {@code GET /actuator/checkpoints/latest} answer 404 when there is no such checkpoint (a malformed
 * id, {@code limit} or {@code before} is a 400 from the endpoint itself), and a maintenance request
 * the endpoint refuses (an unknown action, a prune without {@code keep} or keeping no checkpoint)
 * is a 400 whose body says what was wrong, whatever {@code server.error.include-message} says.
 */
@EndpointWebExtension(endpoint = CheckpointsEndpoint.class)
public class CheckpointsEndpointWebExtension {

    private final CheckpointsEndpoint endpoint;

    /**
     * Creates the extension.
     * @param endpoint the endpoint it answers for
     */
    public CheckpointsEndpointWebExtension(CheckpointsEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * One checkpoint, or the newest.
     * @param id an unsigned 64-bit checkpoint id, or {@code latest}
     * @return the checkpoint, or 404 when there is none
     */
    @ReadOperation
    public WebEndpointResponse<ManifestDescriptor> checkpoint(@Selector String id) {
        ManifestDescriptor descriptor = endpoint.checkpoint(id);
        return descriptor != null ? new WebEndpointResponse<>(descriptor, WebEndpointResponse.STATUS_OK)
                : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }

    /**
     * Runs a maintenance action through {@link CheckpointsEndpoint#maintain}.
     * @param action the action
     * @param keep for {@code prune}: how many of the newest checkpoints to keep, 1 or more
     * @return 200 with what was removed, or 400 with a {@link Refusal}
     */
    @WriteOperation
    public WebEndpointResponse<Object> maintain(String action, @Nullable Integer keep) {
        try {
            return new WebEndpointResponse<>(endpoint.maintain(action, keep));
        }
        catch (InvalidEndpointRequestException ex) {
            return new WebEndpointResponse<>(new Refusal(action, ex.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
    }

    /**
     * Why a maintenance request was refused.
     * @param action the action asked for
     * @param message what was wrong with the request and how to ask instead
     */
    public record Refusal(String action, String message) {
    }
}
