package dev.checkpointstore.benchmarks;

import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.StateChecksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BaselinesTest {

    @TempDir
    Path dir;

    @Test
    void handDonePublishLeavesTheLayoutOfFormatMdAndNoTempFiles() throws Exception {
        Path checkpoints = Files.createDirectories(FsLayout.checkpointsDir(dir));
        CheckpointManifest manifest = RealisticManifests.parse("2x2").manifest(12);
        byte[] json = ManifestCodec.encode(manifest);

        HandDonePublish.publishCheckpoint(checkpoints, 12, json);

        assertThat(FsLayout.manifestFile(dir, 12)).hasBinaryContent(json);
        assertThat(FsLayout.latestFile(dir)).hasContent("checkpoint_000012");
        assertThat(ManifestCodec.decode(Files.readAllBytes(FsLayout.manifestFile(dir, 12)))).isEqualTo(manifest);
        try (var entries = Files.walk(dir)) {
            assertThat(entries.map(Path::toString)).noneMatch(p -> p.endsWith(".tmp"));
        }
    }

    @Test
    void theStoreReadsWhatTheHandDonePublishWrites() throws Exception {
        Path checkpoints = Files.createDirectories(FsLayout.checkpointsDir(dir));
        CheckpointManifest manifest = RealisticManifests.parse("10x10").manifest(3);
        HandDonePublish.publishCheckpoint(checkpoints, 3, ManifestCodec.encode(manifest));

        CheckpointStore store = Stores.filesystem(dir);

        assertThat(store.loadLatest()).contains(manifest);
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(3);
    }

    @Test
    void theStoreValidatesWhatTheHandDonePublishWithStateWrites() throws Exception {
        Path checkpoints = Files.createDirectories(FsLayout.checkpointsDir(dir));
        List<ByteBuffer> state = StateData.heapChunks(300_000, 8, 3);
        CheckpointManifest manifest = new RealisticManifests(5, 3).manifestWithSidecar(7, state);
        MessageDigest digest = StateChecksum.sidecarDigest(manifest);
        StateChecksum.update(digest, state.stream().map(ByteBuffer::duplicate).toList());
        CheckpointManifest stamped = StateChecksum.stamp(manifest, Optional.of(digest));

        HandDonePublish.publishCheckpointWithState(checkpoints, 7, state, ManifestCodec.encode(stamped));

        CheckpointStore store = Stores.filesystem(dir);
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(7);
        assertThat(store.loadLatest()).contains(stamped);
        assertThat(state).allMatch(chunk -> chunk.position() == 0);
        try (var entries = Files.walk(dir)) {
            assertThat(entries.map(Path::toString)).noneMatch(p -> p.endsWith(".tmp"));
        }
    }

    @Test
    void theHandDonePublishThatHashesStampsTheChecksumTheStoreStamps() throws Exception {
        Path checkpoints = Files.createDirectories(FsLayout.checkpointsDir(dir));
        List<ByteBuffer> state = StateData.heapChunks(300_000, 8, 3);
        CheckpointManifest manifest = new RealisticManifests(5, 3).manifestWithSidecar(7, state);
        CheckpointStore reference = Stores.filesystem(dir.resolve("reference"));
        reference.saveWithState(manifest, state);

        HandDonePublish.publishCheckpointWithHashedState(checkpoints, 7, state,
                HandDonePublish.ManifestTemplate.of(manifest));

        assertThat(FsLayout.manifestFile(dir, 7)).hasBinaryContent(reference.loadManifestBytes(7).orElseThrow());
        CheckpointStore store = Stores.filesystem(dir);
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(7);
        assertThat(state).allMatch(chunk -> chunk.position() == 0);
    }

    @Test
    void theBaselinesReadTheFilesTheStoreWrites() throws Exception {
        List<ByteBuffer> state = StateData.heapChunks(300_000, 8, 3);
        CheckpointStore store = Stores.filesystem(dir);
        store.saveWithState(new RealisticManifests(5, 3).manifestWithSidecar(4, state), state);

        assertThat(FsLayout.latestFile(dir)).hasContent("checkpoint_000004");
        assertThat(ManifestCodec.decode(Files.readAllBytes(FsLayout.manifestFile(dir, 4))))
                .isEqualTo(store.loadById(4).orElseThrow());
        assertThat(RawIo.readAll(FsLayout.stateFile(dir, 4))).isEqualTo(StateDataTest.concat(state));
        assertThat(RawIo.readSha256(FsLayout.stateFile(dir, 4)))
                .isEqualTo(RawIo.sha256().digest(StateDataTest.concat(state)));
    }

    @Test
    void handDonePublishRefusesAnExistingCheckpoint() throws Exception {
        Path checkpoints = Files.createDirectories(FsLayout.checkpointsDir(dir));
        HandDonePublish.publishCheckpoint(checkpoints, 1, new byte[] {'{', '}'});
        assertThatExceptionOfType(FileAlreadyExistsException.class)
                .isThrownBy(() -> HandDonePublish.publishCheckpoint(checkpoints, 1, new byte[] {'{', '}'}));
    }

    @Test
    void gatherWriteWritesTheChunksInOrderWithoutMovingThem() throws Exception {
        List<ByteBuffer> chunks = StateData.heapChunks(3 * 1024 * 1024 + 8, 8, 5);
        Path file = dir.resolve("raw.bin");

        long written = RawIo.gatherWriteAndForce(file, chunks);

        assertThat(written).isEqualTo(3 * 1024 * 1024 + 8);
        assertThat(file).hasBinaryContent(StateDataTest.concat(chunks));
        assertThat(chunks).allSatisfy(c -> assertThat(c.position()).isZero());
        assertThat(RawIo.readAll(file)).isEqualTo(StateDataTest.concat(chunks));
    }

    @Test
    void readSha256DigestsTheWholeFile() throws Exception {
        Path file = dir.resolve("state.bin");
        StateData.writeFile(file, RawIo.READ_BUFFER_BYTES * 3 + 17, 9);
        byte[] expected = RawIo.sha256().digest(Files.readAllBytes(file));
        assertThat(RawIo.readSha256(file)).isEqualTo(expected);
    }

    @Test
    void deleteCheckpointDirsLeavesThePointer() throws Exception {
        Path checkpoints = Files.createDirectories(FsLayout.checkpointsDir(dir));
        HandDonePublish.publishCheckpoint(checkpoints, 1, new byte[] {'{', '}'});
        HandDonePublish.publishCheckpoint(checkpoints, 2, new byte[] {'{', '}'});
        BenchDirs.deleteCheckpointDirs(checkpoints);
        try (var entries = Files.list(checkpoints)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("latest.txt");
        }
    }
}
