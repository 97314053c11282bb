package dev.checkpointstore.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings every store shares, for the builders of every backend: the vnode count checkpoints
 * are validated against, the retention, the minimum age of orphaned state, the largest manifest
 * read and the clock. Each setter checks its value and names it when it is out of range.
 *
 * @param <B> the backend's builder
 */
public abstract class CheckpointStoreBuilder<B extends CheckpointStoreBuilder<B>> {

    private int vnodeCount = CheckpointStore.DEFAULT_VNODE_COUNT;
    private int maxRetained;
    private Duration orphanMinAge = CheckpointStore.DEFAULT_ORPHAN_MIN_AGE;
    private int maxManifestBytes = ManifestCodec.DEFAULT_MAX_MANIFEST_BYTES;
    private Clock clock = Clock.systemUTC();

    /** Creates a builder with the defaults. */
    protected CheckpointStoreBuilder() {
    }

    /**
     * Sets the vnode count checkpoints are validated against.
     * @param vnodeCount the vnode count, 1..65535 (default {@value CheckpointStore#DEFAULT_VNODE_COUNT})
     * @return this builder
     */
    public B vnodeCount(int vnodeCount) {
        if (vnodeCount < 1 || vnodeCount > 0xFFFF) {
            throw new IllegalArgumentException("vnode count must be 1..65535, was " + vnodeCount);
        }
        this.vnodeCount = vnodeCount;
        return self();
    }

    /**
     * Sets how many checkpoints a save keeps; older ones are pruned after each save.
     * @param maxRetained the retention; 0 (the default) keeps all
     * @return this builder
     */
    public B maxRetained(int maxRetained) {
        if (maxRetained < 0) {
            throw new IllegalArgumentException("maxRetained must be >= 0 (0 keeps all), was " + maxRetained);
        }
        this.maxRetained = maxRetained;
        return self();
    }

    /**
     * Sets how old orphaned state must be before {@link CheckpointStore#cleanupOrphans} deletes it.
     * @param orphanMinAge the minimum age, not negative (default 1 hour)
     * @return this builder
     */
    public B orphanMinAge(Duration orphanMinAge) {
        Objects.requireNonNull(orphanMinAge, "orphanMinAge");
        if (orphanMinAge.isNegative()) {
            throw new IllegalArgumentException("orphanMinAge must not be negative, was " + orphanMinAge);
        }
        this.orphanMinAge = orphanMinAge;
        return self();
    }

    /**
     * Sets the largest manifest the store reads; larger ones are reported corrupt unread.
     * @param maxManifestBytes the limit in bytes, positive (default 16 MiB)
     * @return this builder
     */
    public B maxManifestBytes(int maxManifestBytes) {
        if (maxManifestBytes < 1) {
            throw new IllegalArgumentException("maxManifestBytes must be positive, was " + maxManifestBytes);
        }
        this.maxManifestBytes = maxManifestBytes;
        return self();
    }

    /**
     * Sets the clock orphan ages are judged by.
     * @param clock the clock (default the system UTC clock)
     * @return this builder
     */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * This builder, typed as the backend's.
     * @return {@code this}
     */
    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    /**
     * The vnode count set.
     * @return the value
     */
    protected final int vnodeCount() {
        return vnodeCount;
    }

    /**
     * The retention set.
     * @return the value
     */
    protected final int maxRetained() {
        return maxRetained;
    }

    /**
     * The orphan minimum age set.
     * @return the value
     */
    protected final Duration orphanMinAge() {
        return orphanMinAge;
    }

    /**
     * The manifest size limit set.
     * @return the value
     */
    protected final int maxManifestBytes() {
        return maxManifestBytes;
    }

    /**
     * The clock set.
     * @return the value
     */
    protected final Clock clock() {
        return clock;
    }
}
