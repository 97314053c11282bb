package dev.checkpointstore.core.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Records every HTTP request a client sends, as it goes out: its S3 operation and its headers. */
final class RecordedRequests implements ExecutionInterceptor {

    /** The operations that write an object's bytes. */
    static final Set<String> WRITES = Set.of("PutObject", "CreateMultipartUpload", "UploadPart",
            "CompleteMultipartUpload");

    /** The operations that read an object. */
    static final Set<String> READS = Set.of("GetObject", "HeadObject");

    /**
     * One request.
     * @param operation the S3 operation, e.g. {@code PutObject}
     * @param path the URL path, bucket and key
     * @param headers its headers, names in lower case, first values
     */
    record Request(String operation, String path, Map<String, String> headers) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean has(String name) {
            return headers.containsKey(name.toLowerCase(Locale.ROOT));
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Map<String, String> headers = new TreeMap<>();
        context.httpRequest().headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                values.isEmpty() ? "" : values.get(0)));
        requests.add(new Request(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                context.httpRequest().encodedPath(), headers));
    }

    /** @return every request so far, in order */
    List<Request> all() {
        return new ArrayList<>(requests);
    }

    /** @return the requests of these operations, in order */
    List<Request> of(Set<String> operations) {
        return requests.stream().filter(r -> operations.contains(r.operation())).toList();
    }

    void clear() {
        requests.clear();
    }
}
