package dev.checkpointstore.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * A clock tests move: it runs with the system clock plus an offset that {@link #advance} moves
 * forward, so that state written now looks old to a store without back-dating it (object stores
 * cannot); or, once {@link #set}, it stands still at the instant it was set to, for tests that
 * place it between two server timestamps. Always UTC.
 */
public final class MutableClock extends Clock {

    private Duration offset = Duration.ZERO;
    private @Nullable Instant fixed;

    /**
     * Moves this clock forward.
     *
     * @param duration how far
     */
    public synchronized void advance(Duration duration) {
        if (fixed != null) {
            fixed = fixed.plus(duration);
        }
        else {
            offset = offset.plus(duration);
        }
    }

    /**
     * Stops this clock at an instant; it shows that instant until set or advanced again.
     *
     * @param instant the instant to show
     */
    public synchronized void set(Instant instant) {
        fixed = instant;
    }

    /**
     * The instant this clock shows.
     *
     * @return the set instant, or the system clock's plus the offset
     */
    @Override
    public synchronized Instant instant() {
        return fixed != null ? fixed : Instant.now().plus(offset);
    }

    /**
     * The zone.
     *
     * @return UTC
     */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * Not supported: this clock is always UTC.
     *
     * @param zone ignored
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("MutableClock is always UTC");
    }
}
