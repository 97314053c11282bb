package dev.checkpointstore.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointNotFoundException;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointSummary;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.SinkCommitStatus;
import dev.checkpointstore.core.SkippedCheckpoint;
import dev.checkpointstore.core.StateChecksum;
import dev.checkpointstore.core.StateIdentity;
import dev.checkpointstore.core.StoreTestHooks;
import dev.checkpointstore.core.ValidationIssue;
import dev.checkpointstore.core.ValidationResult;

/**
 * The behaviour every {@link CheckpointStore} backend shares. A backend's test extends this class
 * and implements the hooks, which reach past the store into its storage the way a crashed, damaged
 * or foreign writer would.
 *
 * <p>Each test starts with empty storage and uses the stores {@link #createStore} returns for it;
 * the hooks act on that storage. The contract's own {@link #clock} is handed to every store: a store
 * judges orphan ages by it, so {@link #letTimePass} can age orphans without back-dating anything
 * (object stores cannot set LastModified). A backend that cannot take a clock overrides
 * {@link #letTimePass}, for example to build its stores with a tiny orphan age and sleep.
 */
public abstract class CheckpointStoreContractTest {

    /** The clock every store of a test judges orphan ages by. */
    protected final MutableClock clock = new MutableClock();

    /** The store of the running test; tests that need other options replace it. */
    protected CheckpointStore store;

    // ---- hooks ----

    /**
     * Builds a store over this test's storage. Called once before each test with
     * {@link #defaultOptions()} and again by tests that need other options.
     *
     * @param options retention, orphan minimum age, vnode count and the clock for orphan ages
     * @return the store
     */
    protected abstract CheckpointStore createStore(StoreOptions options);

    /**
     * Stores bytes as a checkpoint's manifest, bypassing the store: a damaged or foreign manifest.
     *
     * @param checkpointId the checkpoint
     * @param json the bytes, stored as they are
     */
    protected abstract void writeRawManifest(long checkpointId, byte[] json);

    /**
     * Deletes a checkpoint's sidecar, bypassing the store.
     *
     * @param checkpointId the checkpoint
     */
    protected abstract void deleteState(long checkpointId);

    /**
     * Makes the latest pointer name an id, bypassing the rule that it never moves back.
     *
     * @param checkpointId the id to name
     */
    protected abstract void writeRawLatestPointer(long checkpointId);

    /** Leaves the latest pointer present but empty (an empty file or object). */
    protected abstract void writeEmptyLatestPointer();

    /**
     * Whether the backend lists an id that has state but no manifest, as LaminarDB's filesystem
     * layout does (every {@code checkpoint_N} directory is an id); the object layout lists manifests.
     *
     * @return true for the filesystem layout
     */
    protected boolean listsIdsWithoutManifest() {
        return false;
    }

    /**
     * Makes everything stored so far look older to the stores of this test. The default moves
     * {@link #clock} forward.
     *
     * @param duration how much older
     */
    protected void letTimePass(Duration duration) {
        clock.advance(duration);
    }

    /**
     * A store over this test's storage as a restarted process would open it. The default builds a
     * new store with {@link #defaultOptions()}.
     *
     * @return the store
     */
    protected CheckpointStore reopen() {
        return createStore(defaultOptions());
    }

    /**
     * The options {@link #store} is built with before each test: keep all, orphan minimum age 1 hour,
     * vnode count 256, {@link #clock}.
     *
     * @return the options
     */
    protected StoreOptions defaultOptions() {
        return new StoreOptions(0, Duration.ofHours(1), CheckpointStore.DEFAULT_VNODE_COUNT, clock);
    }

    /**
     * What a test asks of a store.
     *
     * @param maxRetained how many checkpoints to keep after each save; 0 keeps all
     * @param orphanMinAge how old an orphan must be before cleanup deletes it
     * @param vnodeCount the vnode count to validate against
     * @param clock the clock orphan ages are judged by
     */
    protected record StoreOptions(int maxRetained, Duration orphanMinAge, int vnodeCount, Clock clock) {

        /**
         * A copy with another retention.
         *
         * @param maxRetained the retention
         * @return the copy
         */
        public StoreOptions withMaxRetained(int maxRetained) {
            return new StoreOptions(maxRetained, orphanMinAge, vnodeCount, clock);
        }

        /**
         * A copy with another orphan minimum age.
         *
         * @param orphanMinAge the orphan minimum age
         * @return the copy
         */
        public StoreOptions withOrphanMinAge(Duration orphanMinAge) {
            return new StoreOptions(maxRetained, orphanMinAge, vnodeCount, clock);
        }

        /**
         * A copy with another vnode count.
         *
         * @param vnodeCount the vnode count
         * @return the copy
         */
        public StoreOptions withVnodeCount(int vnodeCount) {
            return new StoreOptions(maxRetained, orphanMinAge, vnodeCount, clock);
        }
    }

    @BeforeEach
    void createDefaultStore() {
        store = createStore(defaultOptions());
    }

    // ---- manifests and state the tests use ----

    /**
     * A minimal valid manifest.
     *
     * @param id the checkpoint id, also its epoch
     * @return the manifest
     */
    protected static CheckpointManifest manifest(long id) {
        return CheckpointManifest.builder().checkpointId(id).epoch(id).timestampMs(1_764_000_000_000L + id)
                .vnodeCount(CheckpointStore.DEFAULT_VNODE_COUNT).build();
    }

    /**
     * A manifest whose operators {@code op-0}, {@code op-1}, ... are external slices of the given
     * lengths, laid out one after the other.
     *
     * @param id the checkpoint id
     * @param lengths the slice lengths
     * @return the manifest
     */
    protected static CheckpointManifest externalManifest(long id, int... lengths) {
        CheckpointManifest.Builder b = manifest(id).toBuilder();
        long offset = 0;
        for (int i = 0; i < lengths.length; i++) {
            b.putOperatorState("op-" + i, OperatorCheckpoint.external(offset, lengths[i]));
            offset += lengths[i];
        }
        return b.build();
    }

    /**
     * A manifest with every field set, non-ASCII names and the extremes of the unsigned fields.
     *
     * @param id the checkpoint id
     * @return the manifest
     */
    protected static CheckpointManifest fullManifest(long id) {
        return CheckpointManifest.builder()
                .version(1)
                .checkpointId(id)
                .epoch(42)
                .timestampMs(1_764_000_123_456L)
                .putSourceOffset("kafka-clicks", new ConnectorCheckpoint(
                        Map.of("partition-0", "1234", "partition-1", "5678"), 42, Map.of("group", "clicks-agg")))
                .putSourceOffset("ws-prices", ConnectorCheckpoint.of(Map.of("seq", "99"), 41))
                .putSinkEpoch("pg-sink", 41)
                .putSinkEpoch("s3-sink", -1L)
                .putSinkCommitStatus("pg-sink", SinkCommitStatus.COMMITTED)
                .putSinkCommitStatus("s3-sink", SinkCommitStatus.failed("disk \"full\"\n\u0001"))
                .putSinkCommitStatus("kafka-sink", SinkCommitStatus.PENDING)
                .putTableOffset("instruments", ConnectorCheckpoint.of(Map.of("lsn", "0/ABCD"), 42))
                .putOperatorState("window-agg", OperatorCheckpoint.inline("small".getBytes(StandardCharsets.UTF_8)))
                .putOperatorState("gr\u00f6\u00dfe-\u2603-\ud83d\ude80", OperatorCheckpoint.inline(new byte[] {0, -1, 7}))
                .putOperatorState("join", OperatorCheckpoint.external(0, 4096))
                .tableStoreCheckpointPath("/var/lib/laminar/table_store_cp")
                .watermark(-999_000L)
                .putSourceWatermark("kafka-clicks", Long.MIN_VALUE)
                .putSourceWatermark("ws-prices", Long.MAX_VALUE)
                .sourceNames(List.of("kafka-clicks", "ws-prices"))
                .sinkNames(List.of("pg-sink", "s3-sink", "kafka-sink"))
                .pipelineHash(0xDEADBEEFCAFEBABEL)
                .vnodeCount(0xFFFF)
                .stateChecksum("ab".repeat(32))
                .build();
    }

    /**
     * Deterministic pseudo-random bytes.
     *
     * @param length how many
     * @param seed the seed
     * @return the bytes
     */
    protected static byte[] bytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    /**
     * Splits bytes into chunks of the given sizes (the rest in a last chunk), as views of one array
     * with non-zero positions, so that stores must honour position and limit.
     *
     * @param data the bytes
     * @param sizes chunk sizes
     * @return the chunks
     */
    protected static List<ByteBuffer> chunks(byte[] data, int... sizes) {
        byte[] padded = new byte[data.length + 8];
        System.arraycopy(data, 0, padded, 4, data.length);
        List<ByteBuffer> chunks = new ArrayList<>();
        int at = 0;
        for (int size : sizes) {
            chunks.add(ByteBuffer.wrap(padded, 4 + at, size));
            at += size;
        }
        chunks.add(ByteBuffer.wrap(padded, 4 + at, data.length - at));
        return chunks;
    }

    /**
     * A manifest with the {@code state_checksum} a save of it with this sidecar stamps.
     *
     * @param manifest the manifest
     * @param sidecar the sidecar's bytes
     * @return the stamped manifest
     */
    protected static CheckpointManifest stamped(CheckpointManifest manifest, byte[] sidecar) {
        MessageDigest digest = StateChecksum.sidecarDigest(manifest);
        StateChecksum.update(digest, List.of(ByteBuffer.wrap(sidecar)));
        return StateChecksum.stamp(manifest, Optional.of(digest));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> messages(ValidationResult result, boolean fatal) {
        return result.issues().stream().filter(i -> i.fatal() == fatal).map(ValidationIssue::message).toList();
    }

    // ---- save and load ----

    @Test
    void savedManifestIsLatest() {
        store.save(manifest(1));

        assertThat(store.loadLatest()).hasValue(manifest(1));
        assertThat(store.latestId()).hasValue(1);
        assertThat(store.loadById(1)).hasValue(manifest(1));
    }

    @Test
    void emptyStoreHasNothing() {
        assertThat(store.loadLatest()).isEmpty();
        assertThat(store.latestId()).isEmpty();
        assertThat(store.loadById(1)).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(store.listIds()).isEmpty();
        assertThat(store.loadStateData(1)).isEmpty();
        assertThat(store.openStateData(1)).isEmpty();
        assertThat(store.loadOperatorState(1, "op")).isEmpty();
        assertThat(store.prune(1)).isZero();
        assertThat(store.cleanupOrphans()).isZero();
        assertThat(store.vnodeCount()).isEqualTo(CheckpointStore.DEFAULT_VNODE_COUNT);
        assertThat(store.location()).isNotBlank();
    }

    @Test
    void latestIsTheNewest() {
        store.save(manifest(1));
        store.save(manifest(2));
        store.save(manifest(3));

        assertThat(store.loadLatest()).hasValue(manifest(3));
    }

    @Test
    void loadByIdFindsEachAndAnswersEmptyForAbsent() {
        store.save(manifest(1));
        store.save(manifest(2));

        assertThat(store.loadById(1)).hasValue(manifest(1));
        assertThat(store.loadById(2)).hasValue(manifest(2));
        assertThat(store.loadById(3)).isEmpty();
    }

    @Test
    void listIsAscendingByNumericId() {
        store.save(manifest(1_000_000));
        store.save(manifest(999_999));
        store.save(manifest(5));

        assertThat(store.listIds()).containsExactly(5L, 999_999L, 1_000_000L);
        assertThat(store.list()).containsExactly(
                new CheckpointSummary(5, 5, manifest(5).timestampMs()),
                new CheckpointSummary(999_999, 999_999, manifest(999_999).timestampMs()),
                new CheckpointSummary(1_000_000, 1_000_000, manifest(1_000_000).timestampMs()));
        assertThat(store.loadLatest()).hasValue(manifest(1_000_000));
    }

    @Test
    void fullManifestRoundTrips() {
        CheckpointManifest full = fullManifest(7);
        store.save(full);

        CheckpointManifest loaded = store.loadById(7).orElseThrow();
        assertThat(loaded).isEqualTo(full);
        assertThat(loaded).usingRecursiveComparison().isEqualTo(full);
        assertThat(Long.toUnsignedString(loaded.pipelineHash().orElseThrow())).isEqualTo("16045690984503098046");
        assertThat(Long.compareUnsigned(loaded.pipelineHash().orElseThrow(), Long.MAX_VALUE)).isPositive();
        assertThat(Long.toUnsignedString(loaded.sinkEpochs().get("s3-sink"))).isEqualTo("18446744073709551615");
        assertThat(ManifestCodec.encode(loaded)).isEqualTo(ManifestCodec.encode(full));
    }

    @Test
    void manifestWithOnlyTheFourRequiredFieldsLoads() {
        writeRawManifest(3, utf8("{\"version\":1,\"checkpoint_id\":3,\"epoch\":2,\"timestamp_ms\":1764000000000}"));

        CheckpointManifest expected = CheckpointManifest.builder().version(1).checkpointId(3).epoch(2)
                .timestampMs(1_764_000_000_000L).build();
        assertThat(store.loadById(3)).hasValue(expected);
        assertThat(store.listIds()).containsExactly(3L);
        assertThat(store.list()).containsExactly(new CheckpointSummary(3, 2, 1_764_000_000_000L));
        ValidationResult result = store.validateCheckpoint(3);
        assertThat(result.valid()).isTrue();
        assertThat(messages(result, false))
                .containsExactly("manifest validation: vnode_count is 0 (missing or legacy checkpoint)");
    }

    @Test
    void updateManifestOverwritesWithoutMovingLatest() {
        store.save(manifest(1));
        store.save(manifest(2));
        CheckpointManifest committed = manifest(1).toBuilder()
                .putSinkEpoch("pg", 1)
                .putSinkCommitStatus("pg", SinkCommitStatus.COMMITTED)
                .build();

        store.updateManifest(committed);

        assertThat(store.loadById(1)).hasValue(committed);
        assertThat(store.latestId()).hasValue(2);
    }

    @Test
    void latestNeverMovesBack() {
        store.save(manifest(5));
        store.save(manifest(3));

        assertThat(store.latestId()).hasValue(5);
        assertThat(store.loadLatest()).hasValue(manifest(5));
        assertThat(store.loadById(3)).hasValue(manifest(3));
    }

    @Test
    void concurrentSavesLeaveLatestAtTheHighestId() throws Exception {
        int threads = 4;
        int perThread = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int i = perThread - 1; i >= 0; i--) {
                        store.save(manifest(1 + first + (long) i * threads));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        long highest = (long) threads * perThread;
        assertThat(store.latestId()).hasValue(highest);
        assertThat(store.listIds()).hasSize(threads * perThread);
    }

    // ---- the latest pointer ----

    @Test
    void emptyLatestPointerMeansNoLatest() {
        store.save(manifest(1));
        writeEmptyLatestPointer();

        assertThat(store.loadLatest()).isEmpty();
        assertThat(store.latestId()).isEmpty();
        assertThat(store.loadById(1)).hasValue(manifest(1));

        store.save(manifest(2));
        assertThat(store.loadLatest()).hasValue(manifest(2));
    }

    @Test
    void latestPointerNamingAMissingCheckpointMeansNoLatest() {
        store.save(manifest(1));
        writeRawLatestPointer(9);

        assertThat(store.latestId()).hasValue(9);
        assertThat(store.loadLatest()).isEmpty();
        assertThat(store.listIds()).containsExactly(1L);
    }

    @Test
    void latestPointerNamingACorruptManifestFailsLoudly() {
        store.save(manifest(1));
        writeRawManifest(2, utf8("{\"version\": 1, \"checkpoint_"));
        writeRawLatestPointer(2);

        assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(store::loadLatest)
                .withMessageContaining("checkpoint 2");
    }

    // ---- prune ----

    @Test
    void pruneKeepsTheNewest() {
        for (long id = 1; id <= 5; id++) {
            store.saveWithState(externalManifest(id, 16), List.of(ByteBuffer.wrap(bytes(16, id))));
        }

        assertThat(store.prune(2)).isEqualTo(3);

        assertThat(store.listIds()).containsExactly(4L, 5L);
        assertThat(store.loadById(3)).isEmpty();
        assertThat(store.loadStateData(3)).isEmpty();
        assertThat(store.loadStateData(4)).hasValue(bytes(16, 4));
        assertThat(store.loadLatest().map(CheckpointManifest::checkpointId)).hasValue(5L);
    }

    @Test
    void pruneUnderTheLimitDoesNothing() {
        store.save(manifest(1));
        store.save(manifest(2));

        assertThat(store.prune(2)).isZero();
        assertThat(store.prune(10)).isZero();
        assertThat(store.listIds()).containsExactly(1L, 2L);
    }

    @Test
    void pruneToOneKeepsTheCheckpointLatestNames() {
        store.save(manifest(1));
        store.save(manifest(2));

        assertThat(store.prune(1)).isEqualTo(1);
        assertThat(store.listIds()).containsExactly(2L);
        assertThat(store.loadLatest()).hasValue(manifest(2));
    }

    @Test
    void saveAutoPrunesToTheRetention() {
        store = createStore(defaultOptions().withMaxRetained(3));
        for (long id = 1; id <= 6; id++) {
            store.saveWithState(externalManifest(id, 8), List.of(ByteBuffer.wrap(bytes(8, id))));
            assertThat(store.listIds()).hasSizeLessThanOrEqualTo(3);
        }

        assertThat(store.listIds()).containsExactly(4L, 5L, 6L);
        assertThat(store.loadStateData(3)).isEmpty();
        assertThat(store.loadStateData(1)).isEmpty();
        assertThat(store.loadLatest().map(CheckpointManifest::checkpointId)).hasValue(6L);
    }

    // ---- state data ----

    @Test
    void stateDataRoundTripsFromChunksAndLeavesTheirPositions() {
        byte[] data = bytes(10_000, 1);
        List<ByteBuffer> chunks = chunks(data, 1, 0, 4096, 3000);
        List<Integer> positions = chunks.stream().map(ByteBuffer::position).toList();

        store.saveStateData(1, chunks);

        assertThat(store.loadStateData(1)).hasValue(data);
        assertThat(chunks.stream().map(ByteBuffer::position).toList()).isEqualTo(positions);
        assertThat(store.loadStateData(2)).isEmpty();
        assertThat(store.openStateData(2)).isEmpty();
    }

    @Test
    void emptyStateDataRoundTrips() {
        store.saveStateData(1, List.of());

        assertThat(store.loadStateData(1)).hasValue(new byte[0]);
    }

    @Test
    void openStateDataStreamsTheSidecar() throws IOException {
        byte[] data = bytes(300_000, 2);
        store.saveStateData(4, chunks(data, 100_000, 100_000));

        try (InputStream in = store.openStateData(4).orElseThrow()) {
            byte[] first = in.readNBytes(1000);
            byte[] rest = in.readAllBytes();
            assertThat(first).isEqualTo(Arrays.copyOf(data, 1000));
            assertThat(rest).isEqualTo(Arrays.copyOfRange(data, 1000, data.length));
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void saveWithStateWritesTheSidecarAndStampsTheChecksum() {
        byte[] data = bytes(5000, 3);
        store.saveWithState(externalManifest(1, 2000, 3000), chunks(data, 2000));

        CheckpointManifest loaded = store.loadById(1).orElseThrow();
        assertThat(loaded.stateChecksum()).hasValue(TestHashes.sha256(data));
        assertThat(store.loadStateData(1)).hasValue(data);
        assertThat(store.validateCheckpoint(1).valid()).isTrue();
    }

    @Test
    void saveWithNullStateEqualsSaveWithoutInlineOperators() {
        CheckpointManifest external = externalManifest(1, 4).toBuilder().stateChecksum(null).build();
        store.saveWithState(external, null);
        store.save(external.toBuilder().checkpointId(2).build());

        assertThat(store.loadById(1)).hasValue(external);
        assertThat(store.loadById(2).orElseThrow().toBuilder().checkpointId(1).build()).isEqualTo(external);
        assertThat(store.loadStateData(1)).isEmpty();
        assertThat(store.latestId()).hasValue(2);
    }

    @Test
    void saveWithNullStateStampsTheInlineChecksumOfAllInlineOperators() {
        CheckpointManifest inline = manifest(1).toBuilder()
                .putOperatorState("agg", OperatorCheckpoint.inline(utf8("state")))
                .build();
        store.saveWithState(inline, null);

        CheckpointManifest saved = store.loadById(1).orElseThrow();
        assertThat(saved.stateChecksum()).hasValue(TestHashes.inlineHash(Map.of("agg", inline.operatorStates().get("agg").stateB64())));
        assertThat(saved.toBuilder().stateChecksum(null).build()).isEqualTo(inline);
        assertThat(store.loadStateData(1)).isEmpty();
        assertThat(store.validateCheckpoint(1).valid()).isTrue();
    }

    @Test
    void saveWithNullStateKeepsTheCallersChecksum() {
        CheckpointManifest inline = manifest(1).toBuilder()
                .putOperatorState("agg", OperatorCheckpoint.inline(utf8("state")))
                .stateChecksum("00ff")
                .build();
        store.saveWithState(inline, null);

        assertThat(store.loadById(1)).hasValue(inline);
    }

    @Test
    void sidecarIsCompleteWheneverItsManifestIsVisible() throws Exception {
        int size = 256 * 1024;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> violation = new AtomicReference<>();
        AtomicInteger observed = new AtomicInteger();
        Thread observer = new Thread(() -> {
            long id = 1;
            while (id <= 10) {
                boolean finished = done.get();
                if (store.loadById(id).isPresent()) {
                    Optional<byte[]> state = store.loadStateData(id);
                    if (state.isEmpty() || state.get().length != size) {
                        violation.compareAndSet(null, "checkpoint " + id + " visible with sidecar "
                                + state.map(s -> s.length + " bytes").orElse("missing"));
                    }
                    observed.incrementAndGet();
                    id++;
                }
                else if (finished) {
                    violation.compareAndSet(null, "checkpoint " + id + " never became visible");
                    return;
                }
            }
        });
        observer.start();
        try {
            for (long id = 1; id <= 10; id++) {
                store.saveWithState(externalManifest(id, size), List.of(ByteBuffer.wrap(bytes(size, id))));
            }
        }
        finally {
            done.set(true);
            observer.join(30_000);
        }

        assertThat(violation.get()).isNull();
        assertThat(observed.get()).isEqualTo(10);
    }

    @Test
    void orphanSidecarIsInvisible() {
        store.save(manifest(1));
        store.saveStateData(2, List.of(ByteBuffer.wrap(bytes(100, 2))));

        assertThat(store.loadLatest()).hasValue(manifest(1));
        assertThat(store.listIds()).containsExactlyElementsOf(listsIdsWithoutManifest() ? List.of(1L, 2L) : List.of(1L));
        assertThat(store.list()).extracting(CheckpointSummary::id).containsExactly(1L);
        assertThat(store.loadById(2)).isEmpty();
        assertThat(store.loadOperatorState(2, "op-0")).isEmpty();
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(1);
    }

    @Test
    void loadOperatorStateReadsInlineStateAndExternalSlices() {
        byte[] sidecar = bytes(7000, 4);
        CheckpointManifest m = externalManifest(1, 1000, 5000, 1000).toBuilder()
                .putOperatorState("inline", OperatorCheckpoint.inline(utf8("hello")))
                .putOperatorState("empty", new OperatorCheckpoint(null, false, 0, 0))
                .build();
        store.saveWithState(m, chunks(sidecar, 3000));

        assertThat(store.loadOperatorState(1, "inline")).hasValue(utf8("hello"));
        assertThat(store.loadOperatorState(1, "empty")).hasValue(new byte[0]);
        assertThat(store.loadOperatorState(1, "op-0")).hasValue(Arrays.copyOfRange(sidecar, 0, 1000));
        assertThat(store.loadOperatorState(1, "op-1")).hasValue(Arrays.copyOfRange(sidecar, 1000, 6000));
        assertThat(store.loadOperatorState(1, "op-2")).hasValue(Arrays.copyOfRange(sidecar, 6000, 7000));
        assertThat(store.loadOperatorState(1, "absent")).isEmpty();
        assertThat(store.loadOperatorState(2, "inline")).isEmpty();
    }

    @Test
    void loadOperatorStateReportsASliceBeyondTheSidecar() {
        store.saveWithState(externalManifest(1, 100), List.of(ByteBuffer.wrap(bytes(100, 1))));
        store.updateManifest(store.loadById(1).orElseThrow().toBuilder()
                .putOperatorState("short", OperatorCheckpoint.external(50, 100))
                .putOperatorState("beyond", OperatorCheckpoint.external(500, 10))
                .build());

        assertThatExceptionOfType(CorruptCheckpointException.class)
                .isThrownBy(() -> store.loadOperatorState(1, "short"))
                .withMessageContaining("'short'").withMessageContaining("checkpoint 1");
        assertThatExceptionOfType(CorruptCheckpointException.class)
                .isThrownBy(() -> store.loadOperatorState(1, "beyond"))
                .withMessageContaining("'beyond'").withMessageContaining("checkpoint 1");
    }

    @Test
    void loadOperatorStateReportsAMissingSidecar() {
        store.saveWithState(externalManifest(1, 100), List.of(ByteBuffer.wrap(bytes(100, 1))));
        deleteState(1);

        assertThatExceptionOfType(CheckpointNotFoundException.class)
                .isThrownBy(() -> store.loadOperatorState(1, "op-0"))
                .withMessageContaining("checkpoint 1");
    }

    // ---- state identity ----

    @Test
    void stateIdentityIsEmptyWithoutASidecar() {
        store.save(manifest(1));

        assertThat(store.stateIdentity(1)).isEmpty();
        assertThat(store.stateIdentity(2)).isEmpty();
    }

    @Test
    void stateIdentityHasTheSidecarsSizeAndStaysWhileItIsUnchanged() {
        store.saveWithState(externalManifest(1, 10, 20), List.of(ByteBuffer.wrap(bytes(30, 1))));

        Optional<StateIdentity> first = store.stateIdentity(1);
        store.validateCheckpoint(1);

        assertThat(first).hasValueSatisfying(identity -> assertThat(identity.size()).isEqualTo(30));
        assertThat(store.stateIdentity(1)).isEqualTo(first);
    }

    @Test
    void stateIdentityChangesWhenTheSidecarIsRewrittenWithTheSameSize() {
        store.saveWithState(externalManifest(1, 30), List.of(ByteBuffer.wrap(bytes(30, 1))));
        StateIdentity before = store.stateIdentity(1).orElseThrow();

        store.saveStateData(1, List.of(ByteBuffer.wrap(bytes(30, 2))));

        StateIdentity after = store.stateIdentity(1).orElseThrow();
        assertThat(after.size()).isEqualTo(30);
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void stateIdentityIsEmptyOnceTheSidecarIsGone() {
        store.saveWithState(externalManifest(1, 30), List.of(ByteBuffer.wrap(bytes(30, 1))));

        deleteState(1);

        assertThat(store.stateIdentity(1)).isEmpty();
    }

    // ---- list and corrupt manifests ----

    @Test
    void corruptManifestIsListedByIdButSkippedByList() {
        store.save(manifest(1));
        writeRawManifest(2, utf8("not json"));
        store.save(manifest(3));

        assertThat(store.listIds()).containsExactly(1L, 2L, 3L);
        assertThat(store.list()).extracting(CheckpointSummary::id).containsExactly(1L, 3L);
        assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(() -> store.loadById(2))
                .withMessageContaining("checkpoint 2");
    }

    @Test
    void loadManifestBytesReturnsTheStoredBytesParseableOrNot() {
        store.save(manifest(1));
        byte[] unparseable = utf8("{\"version\": 1, not json");
        writeRawManifest(2, unparseable);

        assertThat(store.loadManifestBytes(1)).hasValueSatisfying(
                bytes -> assertThat(bytes).isEqualTo(ManifestCodec.encode(manifest(1))));
        assertThat(store.loadManifestBytes(2)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(unparseable));
        assertThat(store.loadManifestBytes(3)).isEmpty();
    }

    // ---- validation ----

    @Test
    void validateAcceptsAValidCheckpoint() {
        store.saveWithState(externalManifest(1, 10), List.of(ByteBuffer.wrap(bytes(10, 1))));

        ValidationResult result = store.validateCheckpoint(1);

        assertThat(result.checkpointId()).isEqualTo(1);
        assertThat(result.valid()).isTrue();
        assertThat(result.issues()).isEmpty();
    }

    @Test
    void validateRejectsEpochZero() {
        store.save(manifest(1).toBuilder().epoch(0).build());

        ValidationResult result = store.validateCheckpoint(1);

        assertThat(result.valid()).isFalse();
        assertThat(messages(result, true)).containsExactly("epoch or checkpoint_id is 0 \u2014 likely corrupted");
        assertThat(messages(result, false)).containsExactly("manifest validation: epoch is 0");
    }

    @Test
    void validateReportsAMissingManifest() {
        ValidationResult result = store.validateCheckpoint(42);

        assertThat(result.valid()).isFalse();
        assertThat(result.checkpointId()).isEqualTo(42);
        assertThat(messages(result, true)).containsExactly("manifest not found for checkpoint 42");
    }

    @Test
    void validateReportsCorruptJsonAsAFinding() {
        writeRawManifest(3, utf8("{\"version\": 1, \"checkpoint_id\": 3,"));

        ValidationResult result = store.validateCheckpoint(3);

        assertThat(result.valid()).isFalse();
        assertThat(messages(result, true)).singleElement().asString().startsWith("corrupt manifest: ");
    }

    @Test
    void validateReportsAManifestMissingARequiredField() {
        writeRawManifest(3, utf8("{\"version\":1,\"checkpoint_id\":3,\"epoch\":3}"));

        ValidationResult result = store.validateCheckpoint(3);

        assertThat(messages(result, true)).singleElement().asString().startsWith("corrupt manifest: ")
                .contains("timestamp_ms");
    }

    @Test
    void validateAcceptsAMatchingSidecarChecksum() {
        byte[] data = bytes(4096, 5);
        store.saveWithState(externalManifest(1, 4096), List.of(ByteBuffer.wrap(data)));

        assertThat(store.loadById(1).orElseThrow().stateChecksum()).hasValue(TestHashes.sha256(data));
        assertThat(store.validateCheckpoint(1).valid()).isTrue();
    }

    @Test
    void validateReportsASidecarChecksumMismatch() {
        byte[] data = bytes(4096, 5);
        byte[] damaged = data.clone();
        damaged[100] ^= 1;
        store.saveWithState(externalManifest(1, 4096), List.of(ByteBuffer.wrap(data)));
        store.saveStateData(1, List.of(ByteBuffer.wrap(damaged)));

        ValidationResult result = store.validateCheckpoint(1);

        assertThat(result.valid()).isFalse();
        assertThat(messages(result, true)).containsExactly("state.bin checksum mismatch: expected "
                + TestHashes.sha256(data) + ", got " + TestHashes.sha256(damaged));
    }

    @Test
    void validateReportsAMissingSidecar() {
        store.saveWithState(externalManifest(1, 64), List.of(ByteBuffer.wrap(bytes(64, 6))));
        deleteState(1);

        ValidationResult result = store.validateCheckpoint(1);

        assertThat(result.valid()).isFalse();
        assertThat(messages(result, true)).containsExactly("state.bin referenced by checksum but not found");
    }

    @Test
    void validateChecksInlineStateWithoutReadingTheSidecar() {
        CheckpointManifest inline = manifest(1).toBuilder()
                .putOperatorState("b-agg", OperatorCheckpoint.inline(utf8("bbb")))
                .putOperatorState("a-agg", OperatorCheckpoint.inline(utf8("aaaa")))
                .build();
        store.saveWithState(inline, List.of());
        String expected = TestHashes.inlineHash(Map.of("a-agg", "YWFhYQ==", "b-agg", "YmJi"));

        assertThat(store.loadById(1).orElseThrow().stateChecksum()).hasValue(expected);
        deleteState(1);
        assertThat(store.validateCheckpoint(1).valid()).isTrue();

        CheckpointManifest tampered = store.loadById(1).orElseThrow().toBuilder()
                .putOperatorState("a-agg", OperatorCheckpoint.inline(utf8("AAAA")))
                .build();
        store.updateManifest(tampered);
        ValidationResult result = store.validateCheckpoint(1);
        assertThat(messages(result, true)).containsExactly("inline state checksum mismatch: expected " + expected
                + ", got " + TestHashes.inlineHash(Map.of("a-agg", "QUFBQQ==", "b-agg", "YmJi")));
    }

    @Test
    void validateChecksMixedStateOverInlineHashAndSidecar() {
        byte[] sidecar = bytes(300, 7);
        CheckpointManifest mixed = externalManifest(1, 300).toBuilder()
                .putOperatorState("agg", OperatorCheckpoint.inline(utf8("x")))
                .build();
        store.saveWithState(mixed, List.of(ByteBuffer.wrap(sidecar)));
        String inlineHash = TestHashes.inlineHash(Map.of("agg", "eA=="));

        assertThat(store.loadById(1).orElseThrow().stateChecksum()).hasValue(TestHashes.mixed(inlineHash, sidecar));
        assertThat(store.validateCheckpoint(1).valid()).isTrue();

        byte[] damaged = sidecar.clone();
        damaged[0] ^= 1;
        store.saveStateData(1, List.of(ByteBuffer.wrap(damaged)));
        assertThat(messages(store.validateCheckpoint(1), true)).containsExactly("mixed state checksum mismatch: expected "
                + TestHashes.mixed(inlineHash, sidecar) + ", got " + TestHashes.mixed(inlineHash, damaged));
    }

    @Test
    void validateWarnsAboutAVnodeCountMismatch() {
        store = createStore(defaultOptions().withVnodeCount(128));
        store.save(manifest(1));

        ValidationResult result = store.validateCheckpoint(1);

        assertThat(store.vnodeCount()).isEqualTo(128);
        assertThat(result.valid()).isTrue();
        assertThat(messages(result, false))
                .containsExactly("manifest validation: vnode_count mismatch: checkpoint has 256, runtime expects 128");
    }

    // ---- recovery ----

    @Test
    void recoverySkipsCorruptCheckpoints() {
        store.saveWithState(externalManifest(1, 32), List.of(ByteBuffer.wrap(bytes(32, 1))));
        store.saveWithState(externalManifest(2, 32), List.of(ByteBuffer.wrap(bytes(32, 2))));
        store.saveWithState(externalManifest(3, 32), List.of(ByteBuffer.wrap(bytes(32, 3))));
        deleteState(3);
        writeRawManifest(4, utf8("{garbage"));

        RecoveryReport report = store.recoverLatestValidated();

        assertThat(report.chosenId()).hasValue(2);
        assertThat(report.isFreshStart()).isFalse();
        assertThat(report.examined()).as("ids listed, as LaminarDB counts").isEqualTo(4);
        assertThat(report.skipped()).extracting(SkippedCheckpoint::id).containsExactly(4L, 3L);
        assertThat(report.skipped().get(0).reason()).startsWith("corrupt manifest: ");
        assertThat(report.skipped().get(1).reason()).isEqualTo("state.bin referenced by checksum but not found");
        assertThat(report.elapsed().isNegative()).isFalse();
    }

    @Test
    void recoveryOfAnEmptyStoreIsAFreshStart() {
        RecoveryReport report = store.recoverLatestValidated();

        assertThat(report.chosenId()).isEmpty();
        assertThat(report.isFreshStart()).isTrue();
        assertThat(report.examined()).isZero();
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void recoveryWhenEverythingIsCorruptIsAFreshStart() {
        writeRawManifest(1, utf8("{}"));
        writeRawManifest(2, utf8(""));
        store.save(manifest(3).toBuilder().epoch(0).build());

        RecoveryReport report = store.recoverLatestValidated();

        assertThat(report.chosenId()).isEmpty();
        assertThat(report.examined()).isEqualTo(3);
        assertThat(report.skipped()).extracting(SkippedCheckpoint::id).containsExactly(3L, 2L, 1L);
        assertThat(report.skipped().get(0).reason())
                .as("every issue, warnings first, as LaminarDB joins them")
                .isEqualTo("manifest validation: epoch is 0; epoch or checkpoint_id is 0 \u2014 likely corrupted");
    }

    // ---- orphan cleanup ----

    @Test
    void cleanupRemovesOldOrphansOnly() {
        store.saveWithState(externalManifest(1, 16), List.of(ByteBuffer.wrap(bytes(16, 1))));
        store.saveStateData(2, List.of(ByteBuffer.wrap(bytes(16, 2))));
        store.saveStateData(3, List.of(ByteBuffer.wrap(bytes(16, 3))));
        letTimePass(Duration.ofHours(2));

        assertThat(store.cleanupOrphans()).isEqualTo(2);

        assertThat(store.openStateData(2)).isEmpty();
        assertThat(store.openStateData(3)).isEmpty();
        assertThat(store.loadStateData(1)).hasValue(bytes(16, 1));
        assertThat(store.validateCheckpoint(1).valid()).isTrue();
        assertThat(store.cleanupOrphans()).isZero();
    }

    @Test
    void cleanupKeepsOrphansYoungerThanTheMinimumAge() {
        store.saveStateData(2, List.of(ByteBuffer.wrap(bytes(16, 2))));
        letTimePass(Duration.ofMinutes(30));

        assertThat(store.cleanupOrphans()).isZero();
        assertThat(store.loadStateData(2)).hasValue(bytes(16, 2));

        letTimePass(Duration.ofMinutes(31));
        assertThat(store.cleanupOrphans()).isEqualTo(1);
        assertThat(store.loadStateData(2)).isEmpty();
    }

    @Test
    void cleanupSparesASaveInFlight() throws Exception {
        byte[] state = bytes(64, 4);
        store.saveStateData(4, List.of(ByteBuffer.wrap(state)));
        letTimePass(Duration.ofHours(2));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<ByteBuffer> paused = new PausingList(List.of(ByteBuffer.wrap(state)), entered, release);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread saver = new Thread(() -> {
            try {
                store.saveWithState(externalManifest(4, 64), paused);
            }
            catch (Throwable ex) {
                failure.set(ex);
            }
        });
        saver.start();
        try {
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            assertThat(store.cleanupOrphans()).isZero();
            assertThat(store.loadStateData(4)).hasValue(state);
        }
        finally {
            release.countDown();
            saver.join(30_000);
        }

        assertThat(failure.get()).isNull();
        assertThat(store.validateCheckpoint(4).valid()).isTrue();
        letTimePass(Duration.ofHours(2));
        assertThat(store.cleanupOrphans()).isZero();
        assertThat(store.loadStateData(4)).hasValue(state);
    }

    @Test
    void cleanupOfACleanStoreDoesNothing() {
        store.saveWithState(externalManifest(1, 16), List.of(ByteBuffer.wrap(bytes(16, 1))));
        store.save(manifest(2));
        letTimePass(Duration.ofDays(2));

        assertThat(store.cleanupOrphans()).isZero();
        assertThat(store.listIds()).containsExactly(1L, 2L);
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(2);
        assertThat(store.validateCheckpoint(1).valid()).isTrue();
    }

    @Test
    void cleanupNeverDeletesTheStateOfASaveThatCompletesWhileItRuns() {
        byte[] state = bytes(64, 5);
        CheckpointManifest manifest = stamped(externalManifest(5, 64), state);
        store.saveStateData(5, List.of(ByteBuffer.wrap(state)));
        letTimePass(Duration.ofHours(2));
        AtomicInteger completed = new AtomicInteger();
        StoreTestHooks.onOrphanCandidates((AbstractCheckpointStore) store, () -> {
            if (completed.getAndIncrement() == 0) {
                store.save(manifest);
            }
        });

        assertThat(store.cleanupOrphans()).isZero();

        assertThat(completed.get()).as("the save completed during the cleanup").isPositive();
        assertThat(store.loadStateData(5)).hasValue(state);
        assertThat(store.validateCheckpoint(5).valid()).isTrue();
    }

    // ---- the next checkpoint id ----

    @Test
    void nextCheckpointIdOfAnEmptyStoreIsOne() {
        assertThat(store.nextCheckpointId()).isEqualTo(1);
    }

    @Test
    void nextCheckpointIdIsOnePastTheHighestSavedId() {
        store.save(manifest(1));
        store.save(manifest(7));
        store.save(manifest(3));

        assertThat(store.nextCheckpointId()).isEqualTo(8);
    }

    @Test
    void nextCheckpointIdIsPastStateLeftWithoutAManifest() {
        store.save(manifest(2));
        store.saveStateData(9, List.of(ByteBuffer.wrap(bytes(16, 9))));

        assertThat(store.listIds()).containsExactlyElementsOf(listsIdsWithoutManifest() ? List.of(2L, 9L) : List.of(2L));
        assertThat(store.nextCheckpointId()).isEqualTo(10);
    }

    @Test
    void nextCheckpointIdIsPastALatestPointerAheadOfTheManifests() {
        store.save(manifest(2));
        writeRawLatestPointer(12);

        assertThat(store.nextCheckpointId()).isEqualTo(13);
    }

    @Test
    void aRestartedWriterSavesAtOnceAfterItsSaveCrashedBetweenSidecarAndManifest() {
        store.saveWithState(externalManifest(1, 32), List.of(ByteBuffer.wrap(bytes(32, 1))));
        store.saveStateData(2, List.of(ByteBuffer.wrap(bytes(32, 2))));

        CheckpointStore restarted = reopen();
        assertThat(restarted.recoverLatestValidated().chosenId()).hasValue(1);
        long next = restarted.nextCheckpointId();
        byte[] newState = bytes(48, 3);
        restarted.saveWithState(externalManifest(next, 48), List.of(ByteBuffer.wrap(newState)));

        assertThat(next).isEqualTo(3);
        assertThat(restarted.recoverLatestValidated().chosenId()).hasValue(next);
        assertThat(restarted.loadStateData(next)).hasValue(newState);
        assertThat(restarted.nextCheckpointId()).isEqualTo(4);
    }

    // ---- bad arguments ----

    @Test
    void idZeroCannotBeWrittenAndEveryIdCanBeRead() {
        for (long id : new long[] {0, -1, Long.MIN_VALUE}) {
            String unsigned = Long.toUnsignedString(id);
            assertThat(store.loadById(id)).isEmpty();
            assertThat(store.loadStateData(id)).isEmpty();
            assertThat(store.openStateData(id)).isEmpty();
            assertThat(store.loadOperatorState(id, "op")).isEmpty();
            assertThat(store.validateCheckpoint(id).issues())
                    .containsExactly(ValidationIssue.fatal("manifest not found for checkpoint " + unsigned));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> store.saveStateData(0, List.of()))
                .withMessageContaining("must not be 0");
        CheckpointManifest zero = manifest(1).toBuilder().checkpointId(0).build();
        assertThatIllegalArgumentException().isThrownBy(() -> store.save(zero)).withMessageContaining("must not be 0");
        assertThatIllegalArgumentException().isThrownBy(() -> store.saveWithState(zero, List.of()))
                .withMessageContaining("must not be 0");
        assertThatIllegalArgumentException().isThrownBy(() -> store.updateManifest(zero))
                .withMessageContaining("must not be 0");
        assertThat(store.listIds()).isEmpty();
    }

    @Test
    void idsAreUnsigned64BitAllTheWay() {
        long twoTo63 = Long.MIN_VALUE;
        long max = -1L;
        store.save(manifest(5));
        store.saveWithState(externalManifest(max, 16), List.of(ByteBuffer.wrap(bytes(16, 9))));
        store.save(manifest(twoTo63));

        assertThat(store.listIds()).as("ascending as unsigned values").containsExactly(5L, twoTo63, max);
        assertThat(store.latestId()).as("the pointer never moves back, by unsigned order").hasValue(max);
        assertThat(store.loadById(twoTo63)).hasValue(manifest(twoTo63));
        assertThat(store.loadStateData(max)).hasValue(bytes(16, 9));
        RecoveryReport report = store.recoverLatestValidated();
        assertThat(report.chosenId()).hasValue(max);
        assertThat(report.skipped()).isEmpty();

        assertThat(store.prune(1)).isEqualTo(2);
        assertThat(store.listIds()).containsExactly(max);
    }

    @Test
    void keepCountBelowOneIsRejectedNamingTheValue() {
        store.save(manifest(1));

        assertThatIllegalArgumentException().isThrownBy(() -> store.prune(-3)).withMessageContaining("was -3");
        assertThatIllegalArgumentException().isThrownBy(() -> store.prune(0)).withMessageContaining("was 0")
                .withMessageContaining(">= 1");
        assertThat(store.listIds()).containsExactly(1L);
        assertThat(store.loadLatest()).hasValue(manifest(1));
    }

    @Test
    void nullManifestIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> store.save(null)).withMessageContaining("null");
        assertThatIllegalArgumentException().isThrownBy(() -> store.saveWithState(null, List.of()))
                .withMessageContaining("null");
        assertThatIllegalArgumentException().isThrownBy(() -> store.updateManifest(null)).withMessageContaining("null");
    }

    @Test
    void nullChunkIsRejectedBeforeAnythingIsWritten() {
        List<ByteBuffer> withNull = Arrays.asList(ByteBuffer.wrap(bytes(4, 1)), null);

        assertThatThrownBy(() -> store.saveWithState(externalManifest(1, 4), withNull))
                .isInstanceOf(NullPointerException.class);
        assertThat(store.openStateData(1)).isEmpty();
        assertThat(store.listIds()).isEmpty();
    }

    /**
     * A chunk list whose first iteration signals {@code entered} and waits for {@code release}:
     * it holds a save in flight at a known point.
     */
    private static final class PausingList extends AbstractList<ByteBuffer> {

        private final List<ByteBuffer> chunks;
        private final CountDownLatch entered;
        private final CountDownLatch release;
        private final AtomicBoolean paused = new AtomicBoolean();

        PausingList(List<ByteBuffer> chunks, CountDownLatch entered, CountDownLatch release) {
            this.chunks = Collections.unmodifiableList(chunks);
            this.entered = entered;
            this.release = release;
        }

        @Override
        public Iterator<ByteBuffer> iterator() {
            if (paused.compareAndSet(false, true)) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            return chunks.iterator();
        }

        @Override
        public ByteBuffer get(int index) {
            return chunks.get(index);
        }

        @Override
        public int size() {
            return chunks.size();
        }
    }
}
