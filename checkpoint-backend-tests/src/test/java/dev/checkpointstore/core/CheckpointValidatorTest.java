package dev.checkpointstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.test.TestHashes;

/**
 * Each fatal issue and each warning of FORMAT.md's validation rules, with its exact message.
 */
class CheckpointValidatorTest {

    private static final byte[] SIDECAR = {1, 2, 3, 4};

    private final CheckpointValidator validator = new CheckpointValidator(256);

    private static CheckpointManifest.Builder valid() {
        return CheckpointManifest.builder().checkpointId(7).epoch(3).timestampMs(1_764_000_000_000L).vnodeCount(256);
    }

    private static CheckpointValidator.SidecarOpener sidecar(byte[] data) {
        return () -> Optional.of(new ByteArrayInputStream(data));
    }

    private static final CheckpointValidator.SidecarOpener NO_SIDECAR = Optional::empty;

    private static CheckpointValidator.SidecarOpener mustNotOpen() {
        return () -> {
            throw new AssertionError("the sidecar must not be read");
        };
    }

    private static List<String> fatal(ValidationResult result) {
        return result.issues().stream().filter(ValidationIssue::fatal).map(ValidationIssue::message).toList();
    }

    private static List<String> warnings(ValidationResult result) {
        return result.issues().stream().filter(i -> !i.fatal()).map(ValidationIssue::message).toList();
    }

    @Test
    void aCleanManifestHasNoIssues() {
        ValidationResult result = validator.validate(valid().build(), mustNotOpen());

        assertThat(result.valid()).isTrue();
        assertThat(result.issues()).isEmpty();
        assertThat(result.checkpointId()).isEqualTo(7);
        assertThat(result.fatalReason()).isEmpty();
    }

    @Test
    void missingManifestIsFatal() {
        ValidationResult result = validator.validate(12, Optional.empty(), mustNotOpen());

        assertThat(result.valid()).isFalse();
        assertThat(fatal(result)).containsExactly("manifest not found for checkpoint 12");
    }

    @Test
    void unparseableManifestIsAFatalFindingNotAnException() {
        ValidationResult result = validator.validate(12, Optional.of("{\"version\":".getBytes(StandardCharsets.UTF_8)),
                mustNotOpen());

        assertThat(result.valid()).isFalse();
        assertThat(result.checkpointId()).isEqualTo(12);
        assertThat(fatal(result)).singleElement().asString().startsWith("corrupt manifest: ");
    }

    @Test
    void zeroEpochOrIdIsFatalWithWarnings() {
        ValidationResult epoch = validator.validate(valid().epoch(0).build(), mustNotOpen());
        ValidationResult id = validator.validate(valid().checkpointId(0).build(), mustNotOpen());

        assertThat(fatal(epoch)).containsExactly("epoch or checkpoint_id is 0 \u2014 likely corrupted");
        assertThat(warnings(epoch)).containsExactly("manifest validation: epoch is 0");
        assertThat(fatal(id)).containsExactly("epoch or checkpoint_id is 0 \u2014 likely corrupted");
        assertThat(warnings(id)).containsExactly("manifest validation: checkpoint_id is 0");
    }

    @Test
    void everyWarningInLaminarDbsOrder() {
        CheckpointManifest m = valid().version(0).timestampMs(0).vnodeCount(0)
                .putSinkEpoch("pg", 1).putSinkEpoch("kafka", 1)
                .putSinkCommitStatus("kafka", SinkCommitStatus.COMMITTED)
                .putSourceOffset("clicks", ConnectorCheckpoint.of(Map.of(), 1))
                .putSourceOffset("prices", ConnectorCheckpoint.of(Map.of(), 1))
                .sourceNames(List.of("prices"))
                .build();

        ValidationResult result = validator.validate(m, mustNotOpen());

        assertThat(result.valid()).isTrue();
        assertThat(warnings(result)).containsExactly(
                "manifest validation: manifest version is 0",
                "manifest validation: timestamp_ms is 0 (missing creation time)",
                "manifest validation: sink 'pg' has epoch but no commit status",
                "manifest validation: source_offsets contains 'clicks' not in source_names",
                "manifest validation: vnode_count is 0 (missing or legacy checkpoint)");
    }

    @Test
    void sinkAndSourceWarningsNeedTheirListsToBeNonEmpty() {
        CheckpointManifest m = valid().putSinkEpoch("pg", 1)
                .putSourceOffset("clicks", ConnectorCheckpoint.of(Map.of(), 1))
                .build();

        assertThat(validator.validate(m, mustNotOpen()).issues()).isEmpty();
    }

    @Test
    void vnodeCountMismatchIsAWarning() {
        ValidationResult result = new CheckpointValidator(128).validate(valid().build(), mustNotOpen());

        assertThat(result.valid()).isTrue();
        assertThat(warnings(result))
                .containsExactly("manifest validation: vnode_count mismatch: checkpoint has 256, runtime expects 128");
    }

    @Test
    void noChecksumMeansTheSidecarIsNotRead() {
        CheckpointManifest m = valid().putOperatorState("e", OperatorCheckpoint.external(0, 4)).build();

        assertThat(validator.validate(m, mustNotOpen()).valid()).isTrue();
    }

    @Test
    void sidecarChecksumMatchesOrIsFatal() {
        CheckpointManifest m = valid().putOperatorState("e", OperatorCheckpoint.external(0, 4))
                .stateChecksum(TestHashes.sha256(SIDECAR)).build();
        byte[] other = {1, 2, 3, 5};

        assertThat(validator.validate(m, sidecar(SIDECAR)).valid()).isTrue();
        assertThat(fatal(validator.validate(m, sidecar(other)))).containsExactly("state.bin checksum mismatch: expected "
                + TestHashes.sha256(SIDECAR) + ", got " + TestHashes.sha256(other));
        assertThat(fatal(validator.validate(m, NO_SIDECAR)))
                .containsExactly("state.bin referenced by checksum but not found");
    }

    @Test
    void noOperatorsWithAChecksumReadTheSidecar() {
        CheckpointManifest m = valid().stateChecksum(TestHashes.sha256(SIDECAR)).build();

        assertThat(validator.validate(m, sidecar(SIDECAR)).valid()).isTrue();
        assertThat(fatal(validator.validate(m, NO_SIDECAR)))
                .containsExactly("state.bin referenced by checksum but not found");
    }

    @Test
    void inlineChecksumMatchesOrIsFatalWithoutReadingTheSidecar() {
        CheckpointManifest m = valid().putOperatorState("i", OperatorCheckpoint.inline(new byte[] {1}))
                .stateChecksum(TestHashes.inlineHash(Map.of("i", "AQ=="))).build();
        CheckpointManifest wrong = m.toBuilder().stateChecksum("0".repeat(64)).build();

        assertThat(validator.validate(m, mustNotOpen()).valid()).isTrue();
        assertThat(fatal(validator.validate(wrong, mustNotOpen()))).containsExactly("inline state checksum mismatch: "
                + "expected " + "0".repeat(64) + ", got " + TestHashes.inlineHash(Map.of("i", "AQ==")));
    }

    @Test
    void mixedChecksumMatchesOrIsFatal() {
        String inline = TestHashes.inlineHash(Map.of("i", "AQ=="));
        CheckpointManifest m = valid().putOperatorState("i", OperatorCheckpoint.inline(new byte[] {1}))
                .putOperatorState("e", OperatorCheckpoint.external(0, 4))
                .stateChecksum(TestHashes.mixed(inline, SIDECAR)).build();
        byte[] other = {9};

        assertThat(validator.validate(m, sidecar(SIDECAR)).valid()).isTrue();
        assertThat(fatal(validator.validate(m, sidecar(other)))).containsExactly("mixed state checksum mismatch: "
                + "expected " + TestHashes.mixed(inline, SIDECAR) + ", got " + TestHashes.mixed(inline, other));
        assertThat(fatal(validator.validate(m, NO_SIDECAR)))
                .containsExactly("state.bin referenced by checksum but not found");
    }

    @Test
    void sidecarIsClosedAfterHashing() {
        AtomicBoolean closed = new AtomicBoolean();
        CheckpointManifest m = valid().stateChecksum(TestHashes.sha256(SIDECAR)).build();

        validator.validate(m, () -> Optional.of(new ByteArrayInputStream(SIDECAR) {
            @Override
            public void close() throws IOException {
                closed.set(true);
                super.close();
            }
        }));

        assertThat(closed).isTrue();
    }

    @Test
    void sidecarReadFailureIsAnIoErrorNamingTheCheckpoint() {
        CheckpointManifest m = valid().stateChecksum(TestHashes.sha256(SIDECAR)).build();
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("EIO");
            }
        };

        assertThatExceptionOfType(CheckpointIoException.class)
                .isThrownBy(() -> validator.validate(m, () -> Optional.of(broken)))
                .withMessageContaining("checkpoint 7").withMessageContaining("EIO");
    }

    @Test
    void fatalReasonJoinsFatalIssues() {
        ValidationResult result = ValidationResult.of(1, List.of(ValidationIssue.fatal("a"),
                ValidationIssue.warning("w"), ValidationIssue.fatal("b")));

        assertThat(result.valid()).isFalse();
        assertThat(result.fatalReason()).isEqualTo("a; b");
    }
}
