package dev.checkpointstore.core.azure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.checkpointstore.core.objectstore.ConditionalWritesUnsupportedException;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.azure.AzuriteExtension;
import dev.checkpointstore.test.azure.AzuriteServer;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;

import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The startup probe of the two conditional writes, against a service that ignores one of them (a
 * pipeline policy strips the header before the request is signed), and its leftovers.
 */
@ExtendWith(AzuriteExtension.class)
class AzureConditionalWriteProbeTest {

    private static final ObjectLayout LAYOUT = new ObjectLayout("probe/");

    @Test
    void aServiceThatIgnoresIfMatchIsRefusedNamingTheHeader(AzuriteServer azurite, BlobContainerClient container) {
        AzureBlobCheckpointStore.Builder builder = AzureBlobCheckpointStore.builder(
                azurite.serviceClient(1, new Stripping("If-Match")), container.getBlobContainerName())
                .prefix(LAYOUT.prefix());

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConditionalWritesUnsupportedException.class,
                ex -> assertThat(ex.headers()).containsExactly("If-Match"))
                .hasMessageContaining("If-Match is ignored: a write to").hasMessageContaining("with a stale ETag");
        assertThat(container.listBlobs()).as("the probe blob is deleted").isEmpty();
    }

    @Test
    void aServiceThatIgnoresIfNoneMatchIsRefusedNamingTheHeader(AzuriteServer azurite, BlobContainerClient container) {
        AzureBlobCheckpointStore.Builder builder = AzureBlobCheckpointStore.builder(
                azurite.serviceClient(1, new Stripping("If-None-Match")), container.getBlobContainerName())
                .prefix(LAYOUT.prefix());

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConditionalWritesUnsupportedException.class,
                ex -> assertThat(ex.headers()).containsExactly("If-None-Match"))
                .hasMessageContaining("If-None-Match: * is ignored");
    }

    @Test
    void probeBlobsLeftBehindAreDeletedOnceTheyAreAnHourOld(BlobContainerClient container) {
        String leftover = LAYOUT.probeKey("left-behind");
        container.getBlobClient(leftover).upload(BinaryData.fromString("probe"));
        Instant written = container.getBlobClient(leftover).getProperties().getLastModified().toInstant();
        AzureBlobCheckpointStore.builder(container).prefix(LAYOUT.prefix())
                .clock(Clock.fixed(written.plus(Duration.ofMinutes(59)), ZoneOffset.UTC)).build();
        assertThat(container.getBlobClient(leftover).exists()).as("maybe another instance's probe").isTrue();

        AzureBlobCheckpointStore.builder(container).prefix(LAYOUT.prefix())
                .clock(Clock.fixed(written.plus(Duration.ofHours(1)), ZoneOffset.UTC)).build();
        assertThat(container.getBlobClient(leftover).exists()).isFalse();
    }

    /** Removes a conditional header before the request is signed: a service that ignores it. */
    private record Stripping(String header) implements HttpPipelinePolicy {

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            context.getHttpRequest().getHeaders().remove(header);
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            context.getHttpRequest().getHeaders().remove(header);
            return next.processSync();
        }

        @Override
        public HttpPipelinePosition getPipelinePosition() {
            return HttpPipelinePosition.PER_CALL;
        }
    }
}
