package dev.checkpointstore.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Marsaglia's xorshift64 generator (shifts 13, 7, 17), emitting each state as 8 little-endian
 * bytes: incompressible, repeatable bytes for operator state, the same kind LaminarDB's recovery
 * benchmark generates. Not thread-safe.
 */
public final class XorShift64 {

    /** The seed LaminarDB's recovery benchmark uses. */
    public static final long DEFAULT_SEED = 0xDEAD_BEEF_CAFE_BABEL;

    private long state;

    /**
     * Creates a generator.
     * @param seed the initial state; must not be 0 (xorshift stays at 0 forever)
     */
    public XorShift64(long seed) {
        if (seed == 0) {
            throw new IllegalArgumentException("xorshift64 seed must not be 0");
        }
        this.state = seed;
    }

    /**
     * Advances the generator.
     * @return the next state
     */
    public long nextLong() {
        long x = state;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        state = x;
        return x;
    }

    /**
     * Fills a buffer from its position to its limit, leaving the position at the limit.
     * @param buffer the buffer
     */
    public void fill(ByteBuffer buffer) {
        ByteOrder order = buffer.order();
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() >= Long.BYTES) {
            buffer.putLong(nextLong());
        }
        if (buffer.hasRemaining()) {
            long last = nextLong();
            while (buffer.hasRemaining()) {
                buffer.put((byte) last);
                last >>>= 8;
            }
        }
        buffer.order(order);
    }

    /**
     * The next {@code length} bytes.
     * @param length how many
     * @return a new array
     */
    public byte[] nextBytes(int length) {
        byte[] bytes = new byte[length];
        fill(ByteBuffer.wrap(bytes));
        return bytes;
    }
}
