package dev.checkpointstore.spring.health;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.spring.CheckpointBackend;
import dev.checkpointstore.spring.CheckpointInspector;

/**
 * Health of the checkpoint store, by the (cached) recovery walk: UP on a fresh start or when a
 * valid checkpoint is found, DOWN when checkpoints exist but none is valid or the store cannot be
 * read. Details: {@code location}, {@code chosenId}, {@code examined}, {@code skipped} (id and
 * reason of each newer checkpoint passed over), or {@code error}.
 */
public class CheckpointsHealthIndicator extends AbstractHealthIndicator {

    private final CheckpointInspector inspector;

    /**
     * Creates an indicator.
     * @param inspector walks the store, with caching
     */
    public CheckpointsHealthIndicator(CheckpointInspector inspector) {
        super("Checkpoint health check failed");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("location", inspector.store().location());
        RecoveryReport report;
        try {
            report = inspector.recovery();
        }
        catch (RuntimeException ex) {
            builder.down(ex);
            return;
        }
        boolean healthy = report.chosenId().isPresent() || report.examined() == 0;
        if (healthy) {
            builder.up();
        }
        else {
            builder.down();
        }
        report.chosenId().ifPresent(id -> builder.withDetail("chosenId", unsigned(id)));
        List<Map<String, Object>> skipped = report.skipped().stream()
                .map(s -> Map.<String, Object>of("id", unsigned(s.id()), "reason", s.reason()))
                .toList();
        builder.withDetail("examined", report.examined()).withDetail("skipped", skipped);
    }

    /** An id as the unsigned number it is: a {@code Long} below 2^63, a {@code BigInteger} from there. */
    private static Number unsigned(long id) {
        return id >= 0 ? (Number) id : new BigInteger(Long.toUnsignedString(id));
    }
}
