package dev.checkpointstore.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.spring.CheckpointSaveHistory.SaveAttempt;
import dev.checkpointstore.spring.CheckpointSaveHistory.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CheckpointSaveHistoryTests {

    private static final Instant T0 = Instant.ofEpochMilli(1_764_000_000_000L);

    @Test
    void startsEmpty() {
        Snapshot snapshot = new CheckpointSaveHistory().snapshot();

        assertThat(snapshot.succeeded()).isZero();
        assertThat(snapshot.failed()).isZero();
        assertThat(snapshot.latestSucceeded()).isNull();
        assertThat(snapshot.latestFailed()).isNull();
        assertThat(snapshot.stateBytes()).isEqualTo(new CheckpointSaveHistory.Statistics(0, 0, 0, 0));
        assertThat(snapshot.recent()).isEmpty();
    }

    @Test
    void computesNearestRankPercentilesOverTheWindowOfSuccessfulSavesOnly() {
        CheckpointSaveHistory history = new CheckpointSaveHistory(10, 100);
        for (int i = 1; i <= 200; i++) {
            history.succeeded(i, T0, Duration.ofMillis(i), i * 10L);
        }
        history.failed(OptionalLong.of(201), T0, Duration.ofHours(1), 1_000_000, new RuntimeException("x"));

        Snapshot snapshot = history.snapshot();

        assertThat(snapshot.stateBytes()).isEqualTo(new CheckpointSaveHistory.Statistics(100, 1500, 1990, 2000));
        assertThat(snapshot.durationNanos().p50()).isEqualTo(Duration.ofMillis(150).toNanos());
        assertThat(snapshot.durationNanos().max()).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(snapshot.succeeded()).isEqualTo(200);
        assertThat(snapshot.failed()).isEqualTo(1);
    }

    @Test
    void keepsTheRecentAttemptsNewestFirstFailuresIncluded() {
        CheckpointSaveHistory history = new CheckpointSaveHistory(3, 100);
        history.succeeded(1, T0, Duration.ofMillis(1), 10);
        history.succeeded(2, T0, Duration.ofMillis(1), 10);
        history.failed(OptionalLong.empty(), T0, Duration.ofMillis(1), 0, new IllegalArgumentException("no manifest"));
        history.succeeded(3, T0, Duration.ofMillis(1), 10);

        Snapshot snapshot = history.snapshot();

        assertThat(snapshot.recent()).extracting(SaveAttempt::checkpointId)
                .containsExactly(OptionalLong.of(3), OptionalLong.empty(), OptionalLong.of(2));
        assertThat(snapshot.recent().get(1).succeeded()).isFalse();
        assertThat(snapshot.latestFailed().failure()).isEqualTo("java.lang.IllegalArgumentException: no manifest");
        assertThat(snapshot.latestSucceeded().checkpointId()).hasValue(3);
    }

    @Test
    void shortensALongFailureReason() {
        CheckpointSaveHistory history = new CheckpointSaveHistory();
        history.failed(OptionalLong.of(1), T0, Duration.ZERO, 0, new IllegalStateException("x".repeat(5000)));

        assertThat(history.snapshot().latestFailed().failure()).hasSize(CheckpointSaveHistory.MAX_REASON_LENGTH)
                .startsWith("java.lang.IllegalStateException: xxx").endsWith("...");
    }

    @Test
    void rejectsEmptyWindows() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CheckpointSaveHistory(0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new CheckpointSaveHistory(1, 0));
    }
}
