package dev.checkpointstore.test.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Removes a header from every request a client sends: an S3-compatible store that ignores it, for
 * example {@code If-Match} or {@code If-None-Match} from a store without conditional writes. Add it
 * to a client with {@link S3MockServer#client(ExecutionInterceptor...)} or
 * {@link S3MockServer#clientBuilder(ExecutionInterceptor...)}.
 */
public final class DropHeader implements ExecutionInterceptor {

    private final String header;

    /**
     * Drops one header.
     * @param header the header's name
     */
    public DropHeader(String header) {
        this.header = header;
    }

    /**
     * The request without the header.
     * @param context the request
     * @param attributes the execution's attributes
     * @return the request, the header removed
     */
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.httpRequest().toBuilder().removeHeader(header).build();
    }
}
