package dev.checkpointstore.core.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Makes DeleteObjects refuse chosen keys, as S3 does when a key is locked or access to it is
 * denied: the keys are taken out of the request before it is sent, so the server keeps them, and
 * the response reports each one as an error entry ({@code AccessDenied}). The other keys of the
 * batch are deleted for real.
 */
final class DeleteObjectsRefusals implements ExecutionInterceptor {

    private static final ExecutionAttribute<List<String>> REFUSED = new ExecutionAttribute<>("refusedKeys");

    /** Sent in place of a batch whose every key is refused: DeleteObjects needs at least one. */
    private static final String NO_SUCH_KEY = "delete-objects-refusals/none";

    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    /**
     * Refuses these keys until {@link #allowAll()}.
     * @param keys the keys
     */
    void refuse(String... keys) {
        refused.addAll(List.of(keys));
    }

    /** Lets every key be deleted again. */
    void allowAll() {
        refused.clear();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof DeleteObjectsRequest request) || refused.isEmpty()) {
            return context.request();
        }
        List<ObjectIdentifier> kept = new ArrayList<>();
        List<String> refusedNow = new ArrayList<>();
        for (ObjectIdentifier object : request.delete().objects()) {
            if (refused.contains(object.key())) {
                refusedNow.add(object.key());
            }
            else {
                kept.add(object);
            }
        }
        if (refusedNow.isEmpty()) {
            return request;
        }
        attributes.putAttribute(REFUSED, refusedNow);
        if (kept.isEmpty()) {
            kept.add(ObjectIdentifier.builder().key(NO_SUCH_KEY).build());
        }
        return request.toBuilder().delete(request.delete().toBuilder().objects(kept).build()).build();
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        List<String> refusedNow = attributes.getAttribute(REFUSED);
        if (!(context.response() instanceof DeleteObjectsResponse response) || refusedNow == null) {
            return context.response();
        }
        List<S3Error> errors = new ArrayList<>(response.errors());
        for (String key : refusedNow) {
            errors.add(S3Error.builder().key(key).code("AccessDenied").message("Access Denied (refused by the test)")
                    .build());
        }
        return response.toBuilder().errors(errors).build();
    }
}
