package dev.checkpointstore.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;

import dev.checkpointstore.spring.coordinator.CheckpointCompletedEvent;
import dev.checkpointstore.spring.coordinator.CheckpointResult;

/**
 * Logs one line per checkpoint the coordinator took,
 * {@code checkpoint saved: id=N positions={...} state: ...}, which the end-to-end tests read.
 */
class CheckpointLog implements ApplicationListener<CheckpointCompletedEvent> {

    private static final Logger log = LoggerFactory.getLogger(CheckpointLog.class);

    @Override
    public void onApplicationEvent(CheckpointCompletedEvent event) {
        CheckpointResult result = event.getResult();
        StringBuilder positions = new StringBuilder();
        result.sourceOffsets().forEach((source, position) -> positions.append(positions.isEmpty() ? "" : " ")
                .append(source).append('=').append(position.offsets()));
        log.info("checkpoint saved: id={} ({}) positions: {} state: {} bytes inline, {} bytes in the sidecar; sinks "
                + "{}committed ({} ms, processing held {} ms)", Long.toUnsignedString(result.checkpointId()),
                result.trigger().name().toLowerCase(java.util.Locale.ROOT), positions, result.inlineBytes(),
                result.sidecarBytes(), result.committed() ? "" : "NOT ", result.elapsed().toMillis(),
                result.stall().toMillis());
    }
}
