package dev.checkpointstore.sample.pipeline;

/**
 * The sample's input: a fixed, endless-looking but finite stream where event {@code i} has offset
 * {@code i}, a key and a value that depend on {@code i} alone. The key space opens up as the
 * stream goes on (one new key per {@value #EVENTS_PER_NEW_KEY} events, up to {@code keys}), so the
 * operator's state keeps growing during a run.
 */
public final class EventStream {

    /** How many events pass, on average, before the key space grows by one key. */
    public static final int EVENTS_PER_NEW_KEY = 16;

    private final long total;
    private final int keys;
    private final int keyDigits;

    /**
     * Creates the stream.
     * @param total how many events it has, at least 1
     * @param keys the largest number of distinct keys, at least 1
     */
    public EventStream(long total, int keys) {
        if (total < 1) {
            throw new IllegalArgumentException("sample.events.total must be at least 1, was " + total);
        }
        if (keys < 1) {
            throw new IllegalArgumentException("sample.events.keys must be at least 1, was " + keys);
        }
        this.total = total;
        this.keys = keys;
        this.keyDigits = Math.max(6, Integer.toString(keys - 1).length());
    }

    /**
     * The number of events.
     * @return the total, at least 1
     */
    public long total() {
        return total;
    }

    /**
     * The size of the key space.
     * @return the largest number of distinct keys
     */
    public int keys() {
        return keys;
    }

    /**
     * One event.
     * @param offset its offset, {@code 0 <= offset < total}
     * @return the event
     */
    public SourceEvent event(long offset) {
        if (offset < 0 || offset >= total) {
            throw new IndexOutOfBoundsException("offset " + offset + " is outside the stream of " + total + " events");
        }
        long keySpace = Math.min(keys, 1 + offset / EVENTS_PER_NEW_KEY);
        long hash = mix(offset);
        int keyId = (int) Long.remainderUnsigned(hash, keySpace);
        int value = 1 + (int) (mix(hash) >>> 57);
        return new SourceEvent(offset, keyId, value);
    }

    /**
     * A key's name: {@code k} and the id zero-padded, so names sort like ids.
     * @param keyId the id
     * @return the name, for example {@code k000042}
     */
    public String keyName(int keyId) {
        String digits = Integer.toString(keyId);
        StringBuilder name = new StringBuilder(keyDigits + 1).append('k');
        name.append("0".repeat(Math.max(0, keyDigits - digits.length()))).append(digits);
        return name.toString();
    }

    /**
     * The id in a key's name.
     * @param name a name made by {@link #keyName}
     * @return the id
     * @throws IllegalArgumentException when the name is not a key of this stream
     */
    public int keyId(String name) {
        if (name.length() != keyDigits + 1 || name.charAt(0) != 'k') {
            throw new IllegalArgumentException("'" + name + "' is not a key name of this stream (k + " + keyDigits
                    + " digits)");
        }
        int id;
        try {
            id = Integer.parseInt(name, 1, name.length(), 10);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("'" + name + "' is not a key name of this stream", ex);
        }
        if (id < 0 || id >= keys) {
            throw new IllegalArgumentException("key '" + name + "' is outside the key space of " + keys);
        }
        return id;
    }

    private static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
