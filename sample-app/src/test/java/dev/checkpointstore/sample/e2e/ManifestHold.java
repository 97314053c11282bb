package dev.checkpointstore.sample.e2e;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.checkpointstore.test.s3.FaultyProxy;
import dev.checkpointstore.test.s3.FaultyProxy.Fault;

/**
 * A {@link FaultyProxy} policy that stops a checkpoint between its two writes: while armed, the PUT
 * of the manifest of the n-th checkpoint with a sidecar is held ({@link Fault#HOLD}), never
 * forwarded, so the process that sent it can be killed with its sidecar stored and its manifest
 * not. Everything else, and everything once disarmed, is forwarded as it is.
 */
final class ManifestHold implements FaultyProxy.Policy {

    private static final Pattern STATE_PUT = Pattern.compile("^PUT /\\S*/checkpoints/state-(\\d+)\\.bin[ ?]");
    private static final Pattern MANIFEST_PUT = Pattern.compile("^PUT /\\S*/manifests/manifest-(\\d+)\\.json[ ?]");

    private final Set<Long> sidecarsSeen = ConcurrentHashMap.newKeySet();
    private final CountDownLatch held = new CountDownLatch(1);
    private final AtomicLong heldId = new AtomicLong();
    private volatile boolean armed;
    private volatile int nth;

    /**
     * Holds the manifest PUT of the n-th checkpoint whose sidecar is PUT through the proxy from now on.
     * @param nth which checkpoint with a sidecar, from 1
     */
    void arm(int nth) {
        sidecarsSeen.clear();
        this.nth = nth;
        armed = true;
    }

    /** Forwards every request from now on. */
    void disarm() {
        armed = false;
    }

    /**
     * Waits until a manifest PUT is held.
     * @param timeout how long to wait
     * @return the id of the checkpoint whose manifest is held
     * @throws IllegalStateException when none is held in time
     */
    long awaitHeld(Duration timeout) throws InterruptedException {
        if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no manifest PUT after its sidecar within " + timeout);
        }
        return heldId.get();
    }

    @Override
    public Fault decide(long request, String requestLine) {
        Matcher state = STATE_PUT.matcher(requestLine);
        if (state.find()) {
            sidecarsSeen.add(Long.parseLong(state.group(1)));
            return Fault.NONE;
        }
        Matcher manifest = MANIFEST_PUT.matcher(requestLine);
        if (armed && manifest.find() && sidecarsSeen.contains(Long.parseLong(manifest.group(1)))
                && sidecarsSeen.size() >= nth) {
            armed = false;
            heldId.set(Long.parseLong(manifest.group(1)));
            held.countDown();
            return Fault.HOLD;
        }
        return Fault.NONE;
    }
}
