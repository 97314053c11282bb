package dev.checkpointstore.core.azure;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointBackendException;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;

/**
 * The one place that reads Azure SDK failures: what kind of failure an exception is, and the
 * {@link CheckpointBackendException} a caller sees, naming the container, the blob and the cause in
 * words instead of an SDK stack trace. The client's own retry policy has already retried the
 * transient ones by the time the store sees them.
 */
final class AzureFailures {

    /** What a failed request means to the store. */
    enum Kind {
        /** 404 for the blob (not for the container). */
        NOT_FOUND,
        /** 412 {@code ConditionNotMet}: an {@code If-Match} did not hold (a lease's 412 is {@link #FATAL}). */
        PRECONDITION_FAILED,
        /** 409 {@code BlobAlreadyExists}: an {@code If-None-Match: *} create found the blob. */
        ALREADY_EXISTS,
        /**
         * 400 {@code InvalidBlockList}: a commit named blocks that are gone, because another
         * writer's commit to the same blob discarded them.
         */
        INVALID_BLOCK_LIST,
        /** 5xx, throttling, a dropped or refused connection, a timeout: the outcome is unknown. */
        TRANSIENT,
        /** Anything else: a missing container, bad credentials, a bad request. */
        FATAL
    }

    private final String containerUrl;

    AzureFailures(String containerUrl) {
        this.containerUrl = containerUrl;
    }

    static Kind kind(Throwable failure) {
        BlobStorageException storage = storageException(failure);
        if (storage != null) {
            int status = storage.getStatusCode();
            BlobErrorCode code = storage.getErrorCode();
            if (status == 404) {
                return BlobErrorCode.CONTAINER_NOT_FOUND.equals(code) ? Kind.FATAL : Kind.NOT_FOUND;
            }
            if (status == 412) {
                // a lease (LeaseIdMissing, LeaseIdMismatchWithBlobOperation) is no lost race
                return code == null || BlobErrorCode.CONDITION_NOT_MET.equals(code) ? Kind.PRECONDITION_FAILED
                        : Kind.FATAL;
            }
            if (status == 409 && BlobErrorCode.BLOB_ALREADY_EXISTS.equals(code)) {
                return Kind.ALREADY_EXISTS;
            }
            if (status == 400 && BlobErrorCode.INVALID_BLOCK_LIST.equals(code)) {
                return Kind.INVALID_BLOCK_LIST;
            }
            if (status >= 500 || status == 429 || status == 408) {
                return Kind.TRANSIENT;
            }
            return Kind.FATAL;
        }
        if (isInterrupt(failure)) {
            return Kind.FATAL;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.FATAL;
    }

    static @Nullable BlobStorageException storageException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BlobStorageException storage) {
                return storage;
            }
        }
        return null;
    }

    static boolean isStatus(Throwable failure, int status) {
        BlobStorageException storage = storageException(failure);
        return storage != null && storage.getStatusCode() == status;
    }

    private static boolean isInterrupt(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException
                    && !(t instanceof java.net.SocketTimeoutException)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a blob lives, for messages.
     * @param blob the blob's name
     * @return its URL
     */
    String location(String blob) {
        return containerUrl + "/" + blob;
    }

    /**
     * The store's exception for a failed request.
     * @param action what was being done, followed by the location ("read the manifest of checkpoint 3 from")
     * @param blob the blob's name
     * @param failure what the SDK threw
     * @return the exception to throw
     */
    CheckpointBackendException failure(String action, String blob, Throwable failure) {
        return new CheckpointBackendException("cannot " + action + " " + location(blob) + ": " + describe(failure), failure);
    }

    /**
     * A failure in words.
     * @param failure what the SDK threw
     * @return the status and error code, and what they mean where that is not obvious
     */
    String describe(Throwable failure) {
        BlobStorageException storage = storageException(failure);
        if (storage != null) {
            int status = storage.getStatusCode();
            BlobErrorCode code = storage.getErrorCode();
            String answer = status + (code == null ? "" : " " + code);
            if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
                return "the container " + containerUrl + " does not exist (" + answer + "); create it first";
            }
            if (status == 403) {
                return "the credentials were refused (" + answer + "): check the account name and key, the SAS"
                        + " token or the role assignment";
            }
            return answer + " " + firstLine(storage.getServiceMessage());
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return "the endpoint cannot be reached (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
            }
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "";
        }
        String text = message.replaceAll("(?s)<\\?xml.*?<Message>", "").replaceAll("(?s)</Message>.*", "").strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}
