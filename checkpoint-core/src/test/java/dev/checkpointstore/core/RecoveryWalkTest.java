package dev.checkpointstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The recovery walk ({@link AbstractCheckpointStore#recover}) as LaminarDB walks: newest id first,
 * every listed id counted, each skipped one with all its issues; and no {@link Error} that one
 * checkpoint causes ends it.
 */
class RecoveryWalkTest {

    private static ValidationResult valid(long id) {
        return ValidationResult.of(id, List.of(ValidationIssue.warning("manifest validation: timestamp_ms is 0")));
    }

    @Test
    void examinedIsTheNumberOfIdsListedAndReasonsJoinEveryIssue() {
        RecoveryReport report = AbstractCheckpointStore.recover(List.of(1L, 2L, 3L), id -> id == 3
                ? ValidationResult.of(id, List.of(ValidationIssue.warning("manifest validation: epoch is 0"),
                        ValidationIssue.fatal("epoch or checkpoint_id is 0")))
                : valid(id));

        assertThat(report.chosenId()).hasValue(2);
        assertThat(report.examined()).isEqualTo(3);
        assertThat(report.skipped()).containsExactly(
                new SkippedCheckpoint(3, "manifest validation: epoch is 0; epoch or checkpoint_id is 0"));
    }

    @Test
    void anErrorThatOneCheckpointCausesIsAFindingOnIt() {
        RecoveryReport report = AbstractCheckpointStore.recover(List.of(1L, 2L, 3L), id -> {
            if (id == 3) {
                throw new StackOverflowError("deep");
            }
            if (id == 2) {
                throw new AssertionError("broken invariant");
            }
            return valid(id);
        });

        assertThat(report.chosenId()).hasValue(1);
        assertThat(report.skipped()).extracting(SkippedCheckpoint::id).containsExactly(3L, 2L);
        assertThat(report.skipped().get(0).reason()).isEqualTo("validation failed: java.lang.StackOverflowError: deep");
        assertThat(report.skipped().get(1).reason()).isEqualTo("validation failed: java.lang.AssertionError: broken invariant");
    }

    @Test
    void aJvmWideErrorEndsTheWalk() {
        assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(() -> AbstractCheckpointStore.recover(
                List.of(1L, 2L), id -> {
                    throw new OutOfMemoryError("heap");
                }));
    }
}
