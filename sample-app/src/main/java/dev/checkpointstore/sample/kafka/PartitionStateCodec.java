package dev.checkpointstore.sample.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.kafka.common.TopicPartition;

import dev.checkpointstore.core.CorruptCheckpointException;

/**
 * Serializes one partition's counts: a format byte, the events and the total of their values,
 * then the keys seen as id/count pairs in ascending id order. All integers big-endian.
 */
final class PartitionStateCodec {

    private static final byte FORMAT = 1;

    private PartitionStateCodec() {
    }

    static byte[] encode(PartitionCounts counts) {
        long[] perKey = counts.counts();
        int entries = 0;
        for (long count : perKey) {
            if (count != 0) {
                entries++;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(21 + entries * 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(counts.events());
            out.writeLong(counts.total());
            out.writeInt(entries);
            for (int id = 0; id < perKey.length; id++) {
                if (perKey[id] != 0) {
                    out.writeInt(id);
                    out.writeLong(perKey[id]);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static PartitionCounts decode(TopicPartition partition, byte[] bytes, int keys) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw corrupt(partition, "has format " + format + ", expected " + FORMAT);
            }
            long events = in.readLong();
            long total = in.readLong();
            int entries = in.readInt();
            long[] counts = new long[keys];
            long counted = 0;
            int previous = -1;
            for (int i = 0; i < entries; i++) {
                int keyId = in.readInt();
                long count = in.readLong();
                if (keyId <= previous || keyId >= keys || count <= 0) {
                    throw corrupt(partition, "entry " + i + " (key " + keyId + ", count " + count
                            + ") is out of order, out of range or not positive");
                }
                counts[keyId] = count;
                counted += count;
                previous = keyId;
            }
            if (in.read() != -1) {
                throw corrupt(partition, "has trailing bytes");
            }
            if (counted != events) {
                throw corrupt(partition, "says " + events + " events but its keys count " + counted);
            }
            return new PartitionCounts(events, total, counts);
        }
        catch (EOFException ex) {
            throw corrupt(partition, "is truncated");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static CorruptCheckpointException corrupt(TopicPartition partition, String problem) {
        return new CorruptCheckpointException("the counts of partition " + partition + " " + problem);
    }
}
