package dev.checkpointstore.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.test.TestHashes;

/**
 * Every row of FORMAT.md's {@code state_checksum} table, checked against {@link TestHashes}, an
 * independent transcription of the rules.
 */
class StateChecksumTest {

    private static final byte[] SIDECAR = "sidecar bytes".getBytes(StandardCharsets.UTF_8);

    private static CheckpointManifest.Builder base() {
        return CheckpointManifest.builder().checkpointId(1).epoch(1).timestampMs(1);
    }

    private static Optional<MessageDigest> sidecarDigest(CheckpointManifest manifest, byte[] sidecar) {
        MessageDigest digest = StateChecksum.sidecarDigest(manifest);
        StateChecksum.update(digest, List.of(ByteBuffer.wrap(sidecar)));
        return Optional.of(digest);
    }

    @Test
    void shapes() {
        assertThat(StateChecksum.shapeOf(base().build())).isEqualTo(StateChecksum.Shape.SIDECAR);
        assertThat(StateChecksum.shapeOf(base().putOperatorState("e", OperatorCheckpoint.external(0, 1)).build()))
                .isEqualTo(StateChecksum.Shape.SIDECAR);
        assertThat(StateChecksum.shapeOf(base().putOperatorState("i", OperatorCheckpoint.inline(new byte[1])).build()))
                .isEqualTo(StateChecksum.Shape.INLINE);
        assertThat(StateChecksum.shapeOf(base().putOperatorState("i", OperatorCheckpoint.inline(new byte[1]))
                .putOperatorState("e", OperatorCheckpoint.external(0, 1)).build()))
                .isEqualTo(StateChecksum.Shape.MIXED);
        assertThat(StateChecksum.Shape.INLINE.readsSidecar()).isFalse();
        assertThat(StateChecksum.Shape.SIDECAR.readsSidecar()).isTrue();
        assertThat(StateChecksum.Shape.MIXED.readsSidecar()).isTrue();
    }

    @Test
    void inlineHashCoversNameAndBase64OfInlineOperatorsInUtf8OrderOfTheirNames() {
        CheckpointManifest m = base()
                .putOperatorState("\ud83d\ude80", OperatorCheckpoint.inline(new byte[] {3}))
                .putOperatorState("\uffff", OperatorCheckpoint.inline(new byte[] {2}))
                .putOperatorState("b", new OperatorCheckpoint(null, false, 0, 0))
                .putOperatorState("a", OperatorCheckpoint.inline(new byte[] {1}))
                .putOperatorState("ext", OperatorCheckpoint.external(0, 5))
                .build();

        String expected = TestHashes.sha256(("a\0AQ==\0" + "b\0\0" + "\uffff\0Ag==\0" + "\ud83d\ude80\0Aw==\0")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(StateChecksum.inlineHash(m)).isEqualTo(expected);
    }

    @Test
    void inlineHashOfTheValidPairFixture() {
        CheckpointManifest m = base()
                .putOperatorState("window-agg", new OperatorCheckpoint("aGVsbG8=", false, 0, 0))
                .putOperatorState("dedup", new OperatorCheckpoint("", false, 0, 0))
                .build();

        assertThat(StateChecksum.inlineHash(m))
                .isEqualTo("3ac8c556a134ef5c0aec868b6193cf26df3e1fb886f6ded723945db38d63dc73");
    }

    @Test
    void sidecarWithoutInlineOperatorsIsTheSidecarHash() {
        CheckpointManifest m = base().putOperatorState("e", OperatorCheckpoint.external(0, SIDECAR.length)).build();

        CheckpointManifest stamped = StateChecksum.stamp(m, sidecarDigest(m, SIDECAR));

        assertThat(stamped.stateChecksum()).hasValue(TestHashes.sha256(SIDECAR));
    }

    @Test
    void sidecarWithoutAnyOperatorIsTheSidecarHash() {
        CheckpointManifest m = base().build();

        assertThat(StateChecksum.stamp(m, sidecarDigest(m, SIDECAR)).stateChecksum())
                .hasValue(TestHashes.sha256(SIDECAR));
    }

    @Test
    void mixedIsTheHashOfInlineHashThenSidecar() {
        CheckpointManifest m = base().putOperatorState("e", OperatorCheckpoint.external(0, SIDECAR.length))
                .putOperatorState("i", OperatorCheckpoint.inline("x".getBytes(StandardCharsets.UTF_8)))
                .build();

        CheckpointManifest stamped = StateChecksum.stamp(m, sidecarDigest(m, SIDECAR));

        String inline = TestHashes.inlineHash(Map.of("i", "eA=="));
        assertThat(stamped.stateChecksum()).hasValue(TestHashes.mixed(inline, SIDECAR));
    }

    @Test
    void allInlineWithoutSidecarIsTheInlineHashWhenTheCallerSetNone() {
        CheckpointManifest m = base().putOperatorState("i", OperatorCheckpoint.inline(new byte[] {9})).build();

        assertThat(StateChecksum.stamp(m, Optional.empty()).stateChecksum())
                .hasValue(TestHashes.inlineHash(Map.of("i", "CQ==")));
    }

    @Test
    void allInlineWithASidecarIsStillTheInlineHash() {
        CheckpointManifest m = base().putOperatorState("i", OperatorCheckpoint.inline(new byte[] {9}))
                .stateChecksum("caller").build();

        assertThat(StateChecksum.stamp(m, sidecarDigest(m, SIDECAR)).stateChecksum())
                .hasValue(TestHashes.inlineHash(Map.of("i", "CQ==")));
    }

    @Test
    void otherwiseTheCallersChecksumIsLeftAsItIs() {
        CheckpointManifest inlineWithChecksum = base().putOperatorState("i", OperatorCheckpoint.inline(new byte[1]))
                .stateChecksum("caller").build();
        CheckpointManifest externalWithout = base().putOperatorState("e", OperatorCheckpoint.external(0, 1)).build();
        CheckpointManifest externalWith = externalWithout.toBuilder().stateChecksum("caller").build();
        CheckpointManifest nothing = base().build();

        assertThat(StateChecksum.stamp(inlineWithChecksum, Optional.empty())).isEqualTo(inlineWithChecksum);
        assertThat(StateChecksum.stamp(externalWithout, Optional.empty())).isEqualTo(externalWithout);
        assertThat(StateChecksum.stamp(externalWith, Optional.empty())).isEqualTo(externalWith);
        assertThat(StateChecksum.stamp(nothing, Optional.empty())).isEqualTo(nothing);
    }

    @Test
    void updateLeavesPositionsAndDigestHexStreams() throws IOException {
        ByteBuffer a = ByteBuffer.wrap("side".getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.wrap("xxcar bytes".getBytes(StandardCharsets.UTF_8), 2, 9);
        MessageDigest digest = StateChecksum.sidecarDigest(base().build());

        StateChecksum.update(digest, List.of(a, b));

        assertThat(a.position()).isZero();
        assertThat(b.position()).isEqualTo(2);
        assertThat(java.util.HexFormat.of().formatHex(digest.digest())).isEqualTo(TestHashes.sha256(SIDECAR));
        byte[] big = new byte[1_000_003];
        big[999_999] = 7;
        assertThat(StateChecksum.digestHex(StateChecksum.sidecarDigest(base().build()), new ByteArrayInputStream(big)))
                .isEqualTo(TestHashes.sha256(big));
    }
}
