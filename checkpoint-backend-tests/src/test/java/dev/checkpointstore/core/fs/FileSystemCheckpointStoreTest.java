package dev.checkpointstore.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CapturedLog;
import dev.checkpointstore.core.CheckpointIoException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointSummary;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.SkippedCheckpoint;
import dev.checkpointstore.core.StateIdentity;
import dev.checkpointstore.core.ValidationIssue;
import dev.checkpointstore.core.ValidationResult;
import dev.checkpointstore.test.CheckpointStoreContractTest;
import dev.checkpointstore.test.FormatFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract, run against {@link FileSystemCheckpointStore}, and what only a directory can get
 * wrong: the format fixtures, stray entries, leftovers of crashed writes, failures mid-publish and
 * unusable base directories.
 */
class FileSystemCheckpointStoreTest extends CheckpointStoreContractTest {

    @TempDir
    Path tmp;

    private Path base() {
        return tmp.resolve("base");
    }

    private FileSystemLayout layout() {
        return new FileSystemLayout(base());
    }

    @Override
    protected FileSystemCheckpointStore createStore(StoreOptions options) {
        return FileSystemCheckpointStore.builder(base())
                .maxRetained(options.maxRetained())
                .orphanMinAge(options.orphanMinAge())
                .vnodeCount(options.vnodeCount())
                .clock(options.clock())
                .build();
    }

    @Override
    protected void writeRawManifest(long checkpointId, byte[] json) {
        write(layout().manifest(checkpointId), json);
    }

    @Override
    protected void deleteState(long checkpointId) {
        try {
            Files.delete(layout().state(checkpointId));
        }
        catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    @Override
    protected boolean listsIdsWithoutManifest() {
        return true;
    }

    @Override
    protected void writeRawLatestPointer(long checkpointId) {
        write(layout().latest(), FileSystemLayout.latestContent(checkpointId));
    }

    @Override
    protected void writeEmptyLatestPointer() {
        write(layout().latest(), new byte[0]);
    }

    private static void write(Path file, byte[] data) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, data);
        }
        catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    private static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    // ---- the format fixtures ----

    static Stream<Path> fixtureTrees() {
        List<Path> trees = FormatFixtures.fileSystemTrees();
        assertThat(trees).as("fixture trees in the test resources").isNotEmpty();
        return trees.stream();
    }

    @ParameterizedTest
    @MethodSource("fixtureTrees")
    void everyFixtureTreeLoadsValidatesAndRecovers(Path fixture) throws IOException {
        Path copy = FormatFixtures.copy(fixture, tmp.resolve(fixture.getFileName().toString()));
        FileSystemCheckpointStore fixtureStore = FileSystemCheckpointStore.builder(copy).build();

        List<Long> ids = fixtureStore.listIds();
        assertThat(ids).isNotEmpty();
        for (long id : ids) {
            CheckpointManifest manifest = fixtureStore.loadById(id).orElseThrow();
            assertThat(manifest.checkpointId()).isEqualTo(id);
            ValidationResult result = fixtureStore.validateCheckpoint(id);
            assertThat(result.issues()).as("issues of checkpoint %d", id).noneMatch(ValidationIssue::fatal);
            assertThat(ManifestCodec.decode(ManifestCodec.encode(manifest))).isEqualTo(manifest);
            for (String operator : manifest.operatorStates().keySet()) {
                assertThat(fixtureStore.loadOperatorState(id, operator)).as("operator %s of %d", operator, id)
                        .isPresent();
            }
        }
        RecoveryReport report = fixtureStore.recoverLatestValidated();
        assertThat(report.chosenId()).hasValue(ids.get(ids.size() - 1));
        assertThat(report.skipped()).isEmpty();
        if (fixtureStore.latestId().isPresent()) {
            assertThat(fixtureStore.loadLatest()).isPresent();
            assertThat(report.chosenId()).isEqualTo(fixtureStore.latestId());
        }
    }

    @ParameterizedTest
    @MethodSource("fixtureTrees")
    void fixtureCheckpointsSavedByUsReadBackEqual(Path fixture) throws IOException {
        FileSystemCheckpointStore fixtureStore = FileSystemCheckpointStore.builder(
                FormatFixtures.copy(fixture, tmp.resolve("in"))).build();
        for (long id : fixtureStore.listIds()) {
            CheckpointManifest manifest = fixtureStore.loadById(id).orElseThrow();
            store.save(manifest);
            fixtureStore.loadStateData(id).ifPresent(state -> store.saveStateData(id, List.of(ByteBuffer.wrap(state))));

            assertThat(store.loadById(id)).hasValue(manifest);
            assertThat(store.validateCheckpoint(id).valid()).isTrue();
        }
    }

    @Test
    void validPairFixtureHasTheExpectedContent() throws IOException {
        Path fixture = FormatFixtures.dir().resolve("fs/valid-pair");
        Assumptions.assumeTrue(Files.isDirectory(fixture), "fixture valid-pair present");
        FileSystemCheckpointStore fixtureStore = FileSystemCheckpointStore.builder(
                FormatFixtures.copy(fixture, tmp.resolve("pair"))).build();

        CheckpointManifest second = fixtureStore.loadLatest().orElseThrow();
        assertThat(second.checkpointId()).isEqualTo(2);
        assertThat(Long.toUnsignedString(second.pipelineHash().orElseThrow())).isEqualTo("16045690984503054900");
        assertThat(second.sourceWatermarks()).containsEntry("ws-prices", -5L);
        byte[] sidecar = Files.readAllBytes(fixture.resolve("checkpoints/checkpoint_000002/state.bin"));
        assertThat(fixtureStore.loadOperatorState(2, "join")).hasValue(Arrays.copyOf(sidecar, 4096));
        assertThat(fixtureStore.loadOperatorState(2, "window-agg")).hasValue("small".getBytes(StandardCharsets.UTF_8));
    }

    // ---- the layout on disk ----

    @Test
    void savePublishesLaminarDbsLayout() throws IOException {
        store.saveWithState(externalManifest(7, 3), List.of(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        store.save(manifest(1_234_567));

        Path checkpoints = base().resolve("checkpoints");
        assertThat(tree(checkpoints)).containsExactly("", "checkpoint_000007", "checkpoint_000007/manifest.json",
                "checkpoint_000007/state.bin", "checkpoint_1234567", "checkpoint_1234567/manifest.json", "latest.txt",
                "latest.txt.lock");
        assertThat(Files.readString(checkpoints.resolve("latest.txt"))).isEqualTo("checkpoint_1234567");
        assertThat(Files.readAllBytes(checkpoints.resolve("checkpoint_000007/state.bin"))).containsExactly(1, 2, 3);
        assertThat(Files.readAllBytes(checkpoints.resolve("checkpoint_000007/manifest.json")))
                .isEqualTo(ManifestCodec.encode(store.loadById(7).orElseThrow()));
    }

    @Test
    void latestPointerIsTrimmedOnRead() {
        store.save(manifest(2));
        write(layout().latest(), "  checkpoint_000002\r\n");

        assertThat(store.latestId()).hasValue(2);
        assertThat(store.loadLatest()).hasValue(manifest(2));
    }

    @Test
    void latestPointerThatNamesNoCheckpointIsIgnoredAndReplaced() {
        store.save(manifest(2));
        write(layout().latest(), "../../etc/passwd");

        assertThat(store.latestId()).isEmpty();
        assertThat(store.loadLatest()).isEmpty();

        store.save(manifest(1));
        assertThat(store.latestId()).hasValue(1);
    }

    @Test
    void aSecondStoreOnTheSameDirectoryNeverMovesLatestBack() {
        FileSystemCheckpointStore other = createStore(defaultOptions());
        store.save(manifest(10));
        other.save(manifest(9));

        assertThat(store.latestId()).hasValue(10);
        assertThat(other.loadLatest()).hasValue(manifest(10));
    }

    @Test
    void twoStoresOnTheSameDirectorySaveConcurrently() throws Exception {
        FileSystemCheckpointStore other = createStore(defaultOptions());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> odd = pool.submit(() -> {
                for (long id = 39; id > 0; id -= 2) {
                    store.save(manifest(id));
                }
            });
            java.util.concurrent.Future<?> even = pool.submit(() -> {
                for (long id = 40; id > 0; id -= 2) {
                    other.save(manifest(id));
                }
            });
            odd.get(60, java.util.concurrent.TimeUnit.SECONDS);
            even.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(store.latestId()).hasValue(40);
        assertThat(store.listIds()).hasSize(40);
    }

    @Test
    void directoriesAreListedAsLaminarDbListsThemAndForeignFilesAreNeverDeleted() throws IOException {
        Path checkpoints = base().resolve("checkpoints");
        byte[] manifestJson = ManifestCodec.encode(manifest(1));
        write(checkpoints.resolve("notes"), "keep me");
        write(checkpoints.resolve("checkpoint_abc/state.bin"), "stray");
        write(checkpoints.resolve("checkpoint_1/manifest.json"), manifestJson);
        write(checkpoints.resolve("checkpoint_1/state.bin"), "unpadded");
        write(checkpoints.resolve("checkpoint_0000001/state.bin"), "over-padded");
        write(checkpoints.resolve("checkpoint_000000/state.bin"), "id zero");
        write(checkpoints.resolve("checkpoint_-00001/state.bin"), "negative");
        write(checkpoints.resolve("checkpoint_99999999999999999999/state.bin"), "overflow");
        write(checkpoints.resolve("checkpoint_000003"), "a file, not a directory");
        write(checkpoints.resolve("checkpoint_000004/notes.txt"), "someone else's file");

        store.save(manifest(2));
        assertThat(store.listIds()).as("every checkpoint_<u64> directory, padded or not, each id once")
                .containsExactly(0L, 1L, 2L, 4L);
        assertThat(store.list()).extracting(CheckpointSummary::id).containsExactly(2L);
        RecoveryReport report = store.recoverLatestValidated();
        assertThat(report.chosenId()).hasValue(2);
        assertThat(report.examined()).isEqualTo(4);
        assertThat(report.skipped()).containsExactly(new SkippedCheckpoint(4, "manifest not found for checkpoint 4"));
        letTimePass(Duration.ofDays(30));
        assertThat(store.cleanupOrphans()).as("the sidecar of checkpoint_000000 has no manifest").isEqualTo(1);
        store.save(manifest(6));
        assertThat(store.prune(1)).as("only checkpoints with a manifest count: 2 goes, 6 stays").isEqualTo(1);

        assertThat(checkpoints.resolve("checkpoint_000000")).doesNotExist();
        assertThat(checkpoints.resolve("checkpoint_000002")).doesNotExist();
        for (String stray : List.of("notes", "checkpoint_abc/state.bin", "checkpoint_1/manifest.json",
                "checkpoint_0000001/state.bin", "checkpoint_-00001/state.bin",
                "checkpoint_99999999999999999999/state.bin", "checkpoint_000003")) {
            assertThat(checkpoints.resolve(stray)).as(stray).exists();
        }
        assertThat(Files.readString(checkpoints.resolve("checkpoint_1/state.bin"))).isEqualTo("unpadded");
        assertThat(Files.readString(checkpoints.resolve("checkpoint_000004/notes.txt"))).isEqualTo("someone else's file");
    }

    @Test
    void pruneCountsOnlyCheckpointsWithAManifest() {
        store.save(manifest(1));
        store.save(manifest(2));
        store.saveStateData(3, List.of(ByteBuffer.wrap(bytes(10, 3))));

        assertThat(store.listIds()).containsExactly(1L, 2L, 3L);
        assertThat(store.prune(1)).isEqualTo(1);

        assertThat(store.listIds()).containsExactly(2L, 3L);
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(2);
        assertThat(store.loadStateData(3)).hasValue(bytes(10, 3));
    }

    @Test
    void orphanCleanupLeavesFilesItDidNotWrite() throws IOException {
        store.saveStateData(5, List.of(ByteBuffer.wrap(bytes(10, 5))));
        Path foreign = layout().checkpointDir(5).resolve("notes.txt");
        write(foreign, "not ours");
        letTimePass(Duration.ofHours(2));

        assertThat(store.cleanupOrphans()).isEqualTo(1);

        assertThat(layout().state(5)).doesNotExist();
        assertThat(foreign).hasContent("not ours");
    }

    @Test
    void leftoversOfCrashedWritesAreIgnoredAndCleanedUp() throws IOException {
        store.save(manifest(2));
        Path checkpoints = base().resolve("checkpoints");
        write(checkpoints.resolve("checkpoint_000002/manifest.json.tmp"), "{\"version\": 1, \"chec");
        write(checkpoints.resolve("checkpoint_000003/manifest.json.tmp"), "{\"version\": 1, \"chec");
        write(checkpoints.resolve("checkpoint_000004/state.bin.tmp"), bytes(5000, 1));
        write(checkpoints.resolve("latest.txt.tmp"), "checkpoint_0000");

        assertThat(store.listIds()).containsExactly(2L, 3L, 4L);
        assertThat(store.loadById(2)).hasValue(manifest(2));
        assertThat(store.loadById(3)).isEmpty();
        assertThat(store.openStateData(4)).isEmpty();
        assertThat(store.loadLatest()).hasValue(manifest(2));
        RecoveryReport report = store.recoverLatestValidated();
        assertThat(report.chosenId()).hasValue(2);
        assertThat(report.skipped()).containsExactly(new SkippedCheckpoint(4, "manifest not found for checkpoint 4"),
                new SkippedCheckpoint(3, "manifest not found for checkpoint 3"));

        byte[] state = bytes(100, 4);
        store.saveWithState(externalManifest(4, 100), List.of(ByteBuffer.wrap(state)));
        assertThat(store.loadStateData(4)).hasValue(state);
        assertThat(store.validateCheckpoint(4).valid()).isTrue();
        assertThat(checkpoints.resolve("checkpoint_000004/state.bin.tmp")).doesNotExist();

        letTimePass(Duration.ofHours(2));
        assertThat(store.cleanupOrphans()).isEqualTo(1);
        assertThat(checkpoints.resolve("checkpoint_000003")).doesNotExist();
        assertThat(checkpoints.resolve("checkpoint_000002/manifest.json.tmp")).exists();
        assertThat(store.listIds()).containsExactly(2L, 4L);
    }

    @Test
    void cleanupRemovesCheckpointDirectoriesLeftEmptyByACrashOnceTheyAreOldEnough() throws IOException {
        store.save(manifest(1));
        Path old = Files.createDirectories(layout().checkpointDir(7));
        letTimePass(Duration.ofHours(2));
        Path young = Files.createDirectories(layout().checkpointDir(8));
        Files.setLastModifiedTime(young, FileTime.from(clock.instant()));
        Path foreign = Files.createDirectories(layout().checkpointDir(9));
        write(foreign.resolve("notes.txt"), "not ours");
        Files.setLastModifiedTime(foreign, FileTime.fromMillis(0));

        assertThat(store.cleanupOrphans()).isEqualTo(1);

        assertThat(old).doesNotExist();
        assertThat(young).isDirectory();
        assertThat(foreign.resolve("notes.txt")).hasContent("not ours");
        assertThat(store.listIds()).as("every checkpoint directory is listed, as in LaminarDB").containsExactly(1L, 8L, 9L);
        assertThat(store.cleanupOrphans()).isZero();
    }

    @Test
    void nextCheckpointIdIsPastADirectoryLeftEmptyByACrash() throws IOException {
        store.save(manifest(3));
        Files.createDirectories(layout().checkpointDir(11));

        assertThat(store.nextCheckpointId()).isEqualTo(12);
    }

    @Test
    void oversizedManifestIsCorruptAndNotRead() throws IOException {
        Path manifest = layout().manifest(3);
        Files.createDirectories(manifest.getParent());
        try (RandomAccessFile file = new RandomAccessFile(manifest.toFile(), "rw")) {
            file.setLength(8L * 1024 * 1024 * 1024);
        }
        store.save(manifest(2));

        assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(() -> store.loadById(3))
                .withMessageContaining(manifest.toString())
                .withMessageContaining("8589934592 bytes, over the limit of 16777216");
        assertThat(store.validateCheckpoint(3).fatalReason()).startsWith("corrupt manifest: ")
                .contains("over the limit");
        assertThat(store.listIds()).containsExactly(2L, 3L);
        assertThat(store.list()).hasSize(1);
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(2);
    }

    @Test
    void manifestLimitIsConfigurable() {
        FileSystemCheckpointStore small = FileSystemCheckpointStore.builder(base()).maxManifestBytes(1000).build();
        small.save(manifest(1));
        small.save(fullManifest(2));

        assertThat(small.loadById(1)).isPresent();
        assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(() -> small.loadById(2))
                .withMessageContaining("over the limit of 1000");
    }

    // ---- the identity of state.bin ----

    @Test
    void stateIdentityChangesWhenAByteOfTheSidecarIsFlippedInPlace() throws IOException {
        store.saveWithState(externalManifest(1, 64), List.of(ByteBuffer.wrap(bytes(64, 1))));
        Path state = layout().state(1);
        StateIdentity before = store.stateIdentity(1).orElseThrow();
        Object inode = Files.getAttribute(state, "fileKey");

        flipByte(state, 10);

        StateIdentity after = store.stateIdentity(1).orElseThrow();
        assertThat(Files.getAttribute(state, "fileKey")).as("the same file, changed in place").isEqualTo(inode);
        assertThat(after.size()).isEqualTo(64);
        assertThat(after).isNotEqualTo(before);
        assertThat(store.validateCheckpoint(1).valid()).isFalse();
    }

    @Test
    void stateIdentityChangesWhenTheModificationTimeIsSetBackAfterAWriteInPlace() throws IOException {
        Assumptions.assumeTrue(base().getFileSystem().supportedFileAttributeViews().contains("unix"),
                "the status-change time is read through the unix attribute view");
        store.saveWithState(externalManifest(1, 64), List.of(ByteBuffer.wrap(bytes(64, 1))));
        Path state = layout().state(1);
        StateIdentity before = store.stateIdentity(1).orElseThrow();
        FileTime modified = Files.getLastModifiedTime(state);

        flipByte(state, 10);
        Files.setLastModifiedTime(state, modified);

        assertThat(store.stateIdentity(1)).get().isNotEqualTo(before);
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0xFF);
        }
    }

    // ---- failures while publishing ----

    @Test
    void failedSidecarPublishLeavesNothingBehind() throws IOException {
        store.save(manifest(1));
        Path state = layout().state(2);
        write(state.resolve("blocker"), "a directory where state.bin goes");

        assertThatExceptionOfType(CheckpointIoException.class)
                .isThrownBy(() -> store.saveWithState(externalManifest(2, 4), List.of(ByteBuffer.wrap(bytes(4, 2)))))
                .withMessageContaining(state.toString())
                .withMessageContaining("checkpoint 2");

        assertThat(FileSystemLayout.tmp(state)).doesNotExist();
        assertThat(layout().manifest(2)).doesNotExist();
        assertThat(store.listIds()).as("the blocker's directory is a checkpoint directory").containsExactly(1L, 2L);
        assertThat(store.latestId()).hasValue(1);
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(1);
    }

    @Test
    void failedManifestPublishLeavesTheDurableSidecarAndNoManifest() throws IOException {
        store.save(manifest(1));
        Path manifest = layout().manifest(2);
        write(manifest.resolve("blocker"), "a directory where manifest.json goes");
        byte[] state = bytes(64, 2);

        assertThatExceptionOfType(CheckpointIoException.class)
                .isThrownBy(() -> store.saveWithState(externalManifest(2, 64), List.of(ByteBuffer.wrap(state))))
                .withMessageContaining(manifest.toString())
                .withMessageContaining("checkpoint 2");

        assertThat(FileSystemLayout.tmp(manifest)).doesNotExist();
        assertThat(layout().state(2)).hasBinaryContent(state);
        Files.delete(manifest.resolve("blocker"));
        Files.delete(manifest);
        assertThat(store.listIds()).containsExactly(1L, 2L);
        assertThat(store.latestId()).hasValue(1);
        RecoveryReport report = store.recoverLatestValidated();
        assertThat(report.chosenId()).hasValue(1);
        assertThat(report.skipped()).containsExactly(new SkippedCheckpoint(2, "manifest not found for checkpoint 2"));
    }

    @Test
    void failedPointerMoveLeavesTheSavedCheckpointRecoverable() throws IOException {
        store.save(manifest(1));
        Files.delete(layout().latest());
        write(layout().latest().resolve("blocker"), "a directory where latest.txt goes");

        assertThatExceptionOfType(CheckpointIoException.class).isThrownBy(() -> store.save(manifest(2)))
                .withMessageContaining(layout().latest().toString())
                .withMessageContaining("checkpoint 2");

        assertThat(FileSystemLayout.tmp(layout().latest())).doesNotExist();
        assertThat(store.loadById(2)).hasValue(manifest(2));
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(2);
    }

    @Test
    void chunkListFailingMidWayWritesNothing() {
        List<ByteBuffer> failing = new java.util.AbstractList<>() {
            @Override
            public ByteBuffer get(int index) {
                if (index == 1) {
                    throw new IllegalStateException("producer failed");
                }
                return ByteBuffer.wrap(bytes(10, index));
            }

            @Override
            public int size() {
                return 3;
            }
        };

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> store.saveWithState(externalManifest(3, 30), failing));

        assertThat(layout().checkpointDir(3)).doesNotExist();
        assertThat(store.listIds()).isEmpty();
    }

    // ---- the base directory ----

    @Test
    void baseDirectoryThatIsAFileFailsAtBuild() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");

        assertThatExceptionOfType(CheckpointIoException.class)
                .isThrownBy(() -> FileSystemCheckpointStore.builder(file).build())
                .withMessageContaining(file.toString());
    }

    @Test
    void checkpointsDirectoryThatIsAFileFailsAtBuild() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(dir.resolve("checkpoints"), "x");

        assertThatExceptionOfType(CheckpointIoException.class)
                .isThrownBy(() -> FileSystemCheckpointStore.builder(dir).build())
                .withMessageContaining(dir.resolve("checkpoints").toString());
    }

    @Test
    void baseDirectoryThatCannotBeCreatedFailsAtBuild() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Path below = file.resolve("base");

        assertThatExceptionOfType(CheckpointIoException.class)
                .isThrownBy(() -> FileSystemCheckpointStore.builder(below).build())
                .withMessageContaining(below.toString());
    }

    @Test
    void missingBaseDirectoryIsCreated() {
        Path deep = tmp.resolve("a/b/c");

        FileSystemCheckpointStore created = FileSystemCheckpointStore.builder(deep).build();

        assertThat(deep.resolve("checkpoints")).isDirectory();
        assertThat(created.location()).isEqualTo(deep.resolve("checkpoints").toAbsolutePath().toString());
    }

    @Test
    void unwritableBaseDirectoryFailsAtBuild() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ro/checkpoints"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(dir), "permissions do not bind this user (root)");

            assertThatExceptionOfType(CheckpointIoException.class)
                    .isThrownBy(() -> FileSystemCheckpointStore.builder(tmp.resolve("ro")).build())
                    .withMessageContaining(dir.toString());
        }
        finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    @SuppressWarnings("try")
    void aSaveWhosePruneFailsSucceedsAndTheNextPruneFinishesIt() throws IOException {
        FileSystemCheckpointStore retaining = createStore(defaultOptions().withMaxRetained(2));
        for (long id = 1; id <= 2; id++) {
            retaining.saveWithState(externalManifest(id, 16), List.of(ByteBuffer.wrap(bytes(16, id))));
        }

        try (CapturedLog log = CapturedLog.of(AbstractCheckpointStore.class);
                FrozenDirectory frozen = FrozenDirectory.freeze(layout().checkpointDir(1))) {
            retaining.saveWithState(externalManifest(3, 16), List.of(ByteBuffer.wrap(bytes(16, 3))));

            assertThat(retaining.latestId()).hasValue(3);
            assertThat(retaining.recoverLatestValidated().chosenId()).hasValue(3);
            assertThat(retaining.listIds()).containsExactly(1L, 2L, 3L);
            assertThat(retaining.validateCheckpoint(1).valid()).as("checkpoint 1 is left whole").isTrue();
            assertThat(retaining.pruneFailures()).isEqualTo(1);
            assertThat(log.warnings()).singleElement().asString()
                    .contains("Checkpoint 3", "pruning checkpoints 1 (retention 2) failed", "the next prune retries",
                            layout().manifest(1).toString());
        }

        retaining.saveWithState(externalManifest(4, 16), List.of(ByteBuffer.wrap(bytes(16, 4))));
        assertThat(retaining.listIds()).containsExactly(3L, 4L);
        assertThat(layout().checkpointDir(1)).doesNotExist();
        assertThat(retaining.pruneFailures()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("try")
    void aPruneThatFailsForOneCheckpointDeletesTheOthersAndNamesIt() throws IOException {
        for (long id = 1; id <= 4; id++) {
            store.saveWithState(externalManifest(id, 16), List.of(ByteBuffer.wrap(bytes(16, id))));
        }

        try (FrozenDirectory frozen = FrozenDirectory.freeze(layout().checkpointDir(2))) {
            assertThatExceptionOfType(CheckpointIoException.class).isThrownBy(() -> store.prune(1))
                    .withMessageContaining("cannot delete checkpoint 2 (")
                    .withMessageContaining(layout().manifest(2).toString())
                    .withMessageContaining("is whole");
        }

        assertThat(store.listIds()).containsExactly(2L, 4L);
        assertThat(store.validateCheckpoint(2).valid()).isTrue();
        assertThat(((AbstractCheckpointStore) store).pruneFailures()).isEqualTo(1);
        assertThat(store.prune(1)).isEqualTo(1);
        assertThat(store.listIds()).containsExactly(4L);
    }

    @Test
    void builderRejectsBadValuesNamingThem() {
        FileSystemCheckpointStore.Builder builder = FileSystemCheckpointStore.builder(base());

        assertThatIllegalArgumentException().isThrownBy(() -> builder.vnodeCount(0)).withMessageContaining("was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.vnodeCount(65_536)).withMessageContaining("65536");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxRetained(-2)).withMessageContaining("-2");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.orphanMinAge(Duration.ofSeconds(-1)))
                .withMessageContaining("PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxManifestBytes(0)).withMessageContaining("0");
        assertThat(builder.vnodeCount(65_535).build().vnodeCount()).isEqualTo(65_535);
    }

    @Test
    void inlineOnlyCheckpointNeedsNoSidecar() {
        CheckpointManifest inline = manifest(1).toBuilder()
                .operatorStates(Map.of("a", dev.checkpointstore.core.OperatorCheckpoint.inline(new byte[] {1})))
                .build();
        store.save(inline);

        assertThat(layout().state(1)).doesNotExist();
        assertThat(store.validateCheckpoint(1).valid()).isTrue();
        assertThat(store.loadOperatorState(1, "a")).hasValue(new byte[] {1});
    }
}
