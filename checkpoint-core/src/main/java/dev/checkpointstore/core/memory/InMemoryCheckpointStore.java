package dev.checkpointstore.core.memory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CheckpointIds;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointNotFoundException;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointStoreBuilder;
import dev.checkpointstore.core.HighestCheckpointId;
import dev.checkpointstore.core.StateChunks;
import dev.checkpointstore.core.StateIdentity;

/**
 * A {@link CheckpointStore} that keeps manifests (as their JSON bytes) and sidecars in memory.
 * Nothing survives the process; use it in tests and demos. It follows the same contract as the
 * durable backends, including the pointer that never moves back and orphan cleanup.
 */
public final class InMemoryCheckpointStore extends AbstractCheckpointStore {

    /** The backend name this store {@linkplain #describe() describes itself} with: {@value}. */
    public static final String BACKEND = "memory";

    private final ConcurrentSkipListMap<Long, byte[]> manifests = new ConcurrentSkipListMap<>(CheckpointIds.ORDER);
    private final ConcurrentSkipListMap<Long, StoredState> states = new ConcurrentSkipListMap<>(CheckpointIds.ORDER);
    private final AtomicLong latest = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    private InMemoryCheckpointStore(Builder builder) {
        super(builder);
    }

    /**
     * A builder with the defaults: vnode count 256, keep all checkpoints, orphan minimum age 1 hour.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Stores raw manifest bytes under an id, as a damaged or foreign writer would: for tests.
     * @param checkpointId the checkpoint
     * @param json the bytes, stored as they are
     */
    public void putRawManifest(long checkpointId, byte[] json) {
        manifests.put(CheckpointIds.requireWritable(checkpointId), json.clone());
    }

    /**
     * Stores raw sidecar bytes with a given creation time, as a crashed writer would: for tests.
     * @param checkpointId the checkpoint
     * @param data the sidecar
     * @param createdAt when it was written
     */
    public void putRawState(long checkpointId, byte[] data, Instant createdAt) {
        states.put(CheckpointIds.requireWritable(checkpointId), new StoredState(data.clone(), createdAt, writes.incrementAndGet()));
    }

    /**
     * Points the latest pointer at an id, even a lower one: for tests.
     * @param checkpointId the id, or 0 to remove the pointer
     */
    public void putRawLatest(long checkpointId) {
        latest.set(checkpointId);
    }

    /**
     * Removes a sidecar: for tests.
     * @param checkpointId the checkpoint
     */
    public void removeState(long checkpointId) {
        states.remove(checkpointId);
    }

    @Override
    protected Optional<byte[]> readManifest(long checkpointId) {
        byte[] json = manifests.get(checkpointId);
        if (json != null && json.length > maxManifestBytes()) {
            throw manifestOverLimit(checkpointId, manifestLocation(checkpointId), json.length);
        }
        return Optional.ofNullable(json).map(byte[]::clone);
    }

    @Override
    protected void writeManifest(CheckpointManifest manifest, byte[] json) {
        manifests.put(manifest.checkpointId(), json);
    }

    /** Replaces the manifest only while it exists, so an update never brings back a pruned checkpoint. */
    @Override
    protected void overwriteManifest(CheckpointManifest manifest, byte[] json) {
        long id = manifest.checkpointId();
        if (manifests.replace(id, json) == null) {
            throw new CheckpointNotFoundException("cannot update the manifest of checkpoint " + Long.toUnsignedString(id)
                    + ": there is none at " + manifestLocation(id) + " (never saved, or pruned)");
        }
    }

    @Override
    protected void advanceLatest(long checkpointId) {
        latest.accumulateAndGet(checkpointId, (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
    }

    @Override
    protected void writeState(long checkpointId, List<ByteBuffer> chunks) {
        long total = StateChunks.size(chunks);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the in-memory store holds sidecars up to 2 GiB, was " + total + " bytes");
        }
        byte[] data = new byte[(int) total];
        int at = 0;
        for (ByteBuffer chunk : chunks) {
            int n = chunk.remaining();
            chunk.get(data, at, n);
            at += n;
        }
        states.put(checkpointId, new StoredState(data, clock().instant(), writes.incrementAndGet()));
    }

    @Override
    protected void deleteCheckpoints(List<Long> checkpointIds) {
        for (long id : checkpointIds) {
            manifests.remove(id);
            states.remove(id);
        }
    }

    @Override
    protected String manifestLocation(long checkpointId) {
        return "memory:checkpoint_" + Long.toUnsignedString(checkpointId);
    }

    @Override
    public OptionalLong latestId() {
        long id = latest.get();
        return id != 0 ? OptionalLong.of(id) : OptionalLong.empty();
    }

    @Override
    public List<Long> listIds() {
        return new ArrayList<>(manifests.keySet());
    }

    /** One past the highest id among the manifests, the sidecars and the pointer. */
    @Override
    public long nextCheckpointId() {
        return new HighestCheckpointId().seeAll(manifests.keySet()).seeAll(states.keySet()).see(latestId())
                .next(location());
    }

    @Override
    public Optional<InputStream> openStateData(long checkpointId) {
        StoredState state = states.get(checkpointId);
        return state == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(state.data()));
    }

    /** The sidecar's length, and as version the number of the write that stored it. */
    @Override
    public Optional<StateIdentity> stateIdentity(long checkpointId) {
        StoredState state = states.get(checkpointId);
        return state == null ? Optional.empty()
                : Optional.of(new StateIdentity(state.data().length, "write " + state.write()));
    }

    /**
     * Takes the ids in flight, then finds the sidecars without a manifest that are old enough, and
     * removes each one that is still without a manifest while saves of it are held off.
     */
    @Override
    public int cleanupOrphans() {
        Instant cutoff = clock().instant().minus(orphanMinAge());
        Set<Long> busy = idsInFlight();
        Map<Long, StoredState> candidates = new LinkedHashMap<>();
        for (Map.Entry<Long, StoredState> entry : states.entrySet()) {
            long id = entry.getKey();
            if (!busy.contains(id) && !manifests.containsKey(id) && !entry.getValue().createdAt().isAfter(cutoff)) {
                candidates.put(id, entry.getValue());
            }
        }
        return removeHeldOrphans(candidates.keySet(), held -> {
            int removed = 0;
            for (long id : held) {
                if (!manifests.containsKey(id) && states.remove(id, candidates.get(id))) {
                    removed++;
                }
            }
            return removed;
        });
    }

    @Override
    protected String backendName() {
        return BACKEND;
    }

    @Override
    public String location() {
        return "memory";
    }

    /** A sidecar, when it was written, and the number of the write that stored it (its identity's version). */
    private record StoredState(byte[] data, Instant createdAt, long write) {
    }

    /** Configures an {@link InMemoryCheckpointStore}. */
    public static final class Builder extends CheckpointStoreBuilder<Builder> {


        private Builder() {
        }






        /** @return the store */
        public InMemoryCheckpointStore build() {
            return new InMemoryCheckpointStore(this);
        }
    }
}
