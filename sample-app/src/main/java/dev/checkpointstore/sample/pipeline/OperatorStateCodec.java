package dev.checkpointstore.sample.pipeline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.checkpointstore.core.CorruptCheckpointException;

/**
 * Serializes {@link OperatorState} as several parts: a small summary ({@code counter/summary}:
 * event count, total, key space) and the counts split into partitions by key id
 * ({@code counter/counts-P}, the keys with {@code id % partitions == P}, as id/count pairs in
 * ascending id order). Small parts end up inline in the manifest, large ones in the sidecar, one
 * sidecar chunk each. All integers are big-endian.
 */
public final class OperatorStateCodec {

    /** The summary part's name. */
    public static final String SUMMARY = CountingOperator.NAME + "/summary";

    private static final String COUNTS_PREFIX = CountingOperator.NAME + "/counts-";
    private static final byte FORMAT = 1;

    private final int partitions;

    /**
     * Creates a codec.
     * @param partitions how many parts the counts are split into, at least 1
     */
    public OperatorStateCodec(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        this.partitions = partitions;
    }

    /**
     * How many parts the counts are split into.
     * @return the partition count
     */
    public int partitions() {
        return partitions;
    }

    /**
     * The names of every part, in the order {@link #encode} returns them.
     * @return the summary's name, then each partition's
     */
    public List<String> partNames() {
        List<String> names = new ArrayList<>(partitions + 1);
        names.add(SUMMARY);
        for (int p = 0; p < partitions; p++) {
            names.add(COUNTS_PREFIX + p);
        }
        return names;
    }

    /**
     * Serializes a state.
     * @param state the state
     * @return the summary, then one part per partition
     */
    public List<StatePart> encode(OperatorState state) {
        List<String> names = partNames();
        List<StatePart> parts = new ArrayList<>(names.size());
        parts.add(new StatePart(SUMMARY, summary(state)));
        for (int p = 0; p < partitions; p++) {
            parts.add(new StatePart(names.get(p + 1), partition(state, p)));
        }
        return parts;
    }

    /**
     * Reads a state back from its parts.
     * @param keys the operator's key space
     * @param parts the bytes of a part by name, empty when it is missing
     * @return the state
     * @throws CorruptCheckpointException naming the part when one is missing, truncated or
     *     inconsistent with the summary
     */
    public OperatorState decode(int keys, Function<String, Optional<byte[]>> parts) {
        DataInputStream summary = open(SUMMARY, parts);
        long events;
        long total;
        int distinct;
        try {
            format(SUMMARY, summary);
            events = summary.readLong();
            total = summary.readLong();
            int storedKeys = summary.readInt();
            int storedPartitions = summary.readInt();
            distinct = summary.readInt();
            if (storedKeys != keys || storedPartitions != partitions) {
                throw corrupt(SUMMARY, "was written for " + storedKeys + " keys in " + storedPartitions
                        + " partitions, this operator has " + keys + " keys in " + partitions);
            }
            trailing(SUMMARY, summary);
        }
        catch (IOException ex) {
            throw truncated(SUMMARY, ex);
        }
        long[] counts = new long[keys];
        long counted = 0;
        int seen = 0;
        for (int p = 0; p < partitions; p++) {
            String name = COUNTS_PREFIX + p;
            DataInputStream in = open(name, parts);
            try {
                format(name, in);
                if (in.readInt() != p) {
                    throw corrupt(name, "holds another partition");
                }
                int entries = in.readInt();
                int previous = -1;
                for (int i = 0; i < entries; i++) {
                    int keyId = in.readInt();
                    long count = in.readLong();
                    if (keyId <= previous || keyId >= keys || keyId % partitions != p || count <= 0) {
                        throw corrupt(name, "entry " + i + " (key " + keyId + ", count " + count + ") is out of order, "
                                + "out of range or not positive");
                    }
                    counts[keyId] = count;
                    counted += count;
                    previous = keyId;
                }
                trailing(name, in);
                seen += entries;
            }
            catch (IOException ex) {
                throw truncated(name, ex);
            }
        }
        if (seen != distinct || counted != events) {
            throw corrupt(SUMMARY, "says " + distinct + " keys and " + events + " events but the partitions hold "
                    + seen + " keys and " + counted + " events");
        }
        return new OperatorState(events, total, counts);
    }

    private byte[] summary(OperatorState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(state.events());
            out.writeLong(state.total());
            out.writeInt(state.keys());
            out.writeInt(partitions);
            out.writeInt(state.distinctKeys());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    private byte[] partition(OperatorState state, int p) {
        long[] counts = state.counts();
        int entries = 0;
        for (int id = p; id < counts.length; id += partitions) {
            if (counts[id] != 0) {
                entries++;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(9 + entries * 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(p);
            out.writeInt(entries);
            for (int id = p; id < counts.length; id += partitions) {
                if (counts[id] != 0) {
                    out.writeInt(id);
                    out.writeLong(counts[id]);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream open(String name, Function<String, Optional<byte[]>> parts) {
        byte[] bytes = parts.apply(name).orElseThrow(() -> corrupt(name, "is missing"));
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    private static void format(String name, DataInputStream in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw corrupt(name, "has format " + format + ", expected " + FORMAT);
        }
    }

    private static void trailing(String name, DataInputStream in) throws IOException {
        if (in.read() != -1) {
            throw corrupt(name, "has trailing bytes");
        }
    }

    private static CorruptCheckpointException truncated(String name, IOException ex) {
        return corrupt(name, ex instanceof EOFException ? "is truncated" : "cannot be read: " + ex.getMessage());
    }

    private static CorruptCheckpointException corrupt(String name, String problem) {
        return new CorruptCheckpointException("operator state '" + name + "' " + problem);
    }
}
