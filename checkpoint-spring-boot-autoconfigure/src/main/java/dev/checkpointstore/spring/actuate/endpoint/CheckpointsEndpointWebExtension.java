package dev.checkpointstore.spring.actuate.endpoint;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP face of the {@link CheckpointsEndpoint}'s maintenance action: a request the endpoint
 * refuses (an unknown action, a prune without {@code keep} or keeping no checkpoint) is a 400 whose
 * body says what was wrong, whatever {@code server.error.include-message} says.
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
