package dev.checkpointstore.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Reads and writes manifests as LaminarDB's JSON: snake_case fields in a fixed order, pretty
 * printed with two-space indentation exactly as LaminarDB ({@code serde_json}) prints them, UTF-8,
 * no trailing newline. Map keys are written in UTF-8 order, so equal manifests give equal bytes.
 * Reading accepts and refuses exactly what LaminarDB's {@code serde} derive does (unknown fields
 * are skipped, a repeated field or a {@code null} for a field that is not optional is refused),
 * within bounds on entries and nesting that keep a hostile manifest from taking the heap.
 */
public final class ManifestCodec {

    /** The largest manifest the stores read by default: 16 MiB, LaminarDB's limit. */
    public static final int DEFAULT_MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

    private ManifestCodec() {
    }

    /**
     * Serializes a manifest.
     * @param manifest the manifest
     * @return its JSON, UTF-8
     */
    public static byte[] encode(CheckpointManifest manifest) {
        Objects.requireNonNull(manifest, "manifest");
        return ManifestWriter.write(manifest, true);
    }

    /**
     * Serializes a manifest as compact JSON, without white space, the way {@code serde_json::to_vec}
     * writes it: the same fields, order and escapes as {@link #encode}, for logs and HTTP responses.
     * Stores write {@link #encode}'s bytes.
     * @param manifest the manifest
     * @return its compact JSON, UTF-8
     */
    public static byte[] encodeCompact(CheckpointManifest manifest) {
        Objects.requireNonNull(manifest, "manifest");
        return ManifestWriter.write(manifest, false);
    }

    /**
     * Parses a manifest.
     * @param json the manifest's JSON, UTF-8
     * @return the manifest
     * @throws CorruptCheckpointException when the bytes are not a manifest; the message says why
     */
    public static CheckpointManifest decode(byte[] json) {
        Objects.requireNonNull(json, "json");
        return ManifestParser.parse(json);
    }

    /**
     * Writes JSON the way {@code serde_json::to_vec_pretty} (or, not pretty, {@code to_vec}) does,
     * straight to UTF-8 bytes. A first pass without a buffer measures the manifest as if every
     * character took one byte, which it does unless a string needs escapes or is not ASCII; the
     * second pass writes into an array of that size, so the common manifest costs one array of
     * exactly its size.
     */
    private static final class ManifestWriter {

        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        private final boolean pretty;
        private byte @Nullable [] buf;
        private int len;
        private int depth;
        private boolean first;

        private ManifestWriter(boolean pretty, byte @Nullable [] buf) {
            this.pretty = pretty;
            this.buf = buf;
        }

        static byte[] write(CheckpointManifest m, boolean pretty) {
            ManifestWriter measure = new ManifestWriter(pretty, null);
            measure.manifest(m);
            byte[] bytes = new byte[measure.len];
            ManifestWriter writer = new ManifestWriter(pretty, bytes);
            writer.manifest(m);
            byte[] written = Objects.requireNonNull(writer.buf);
            return writer.len == written.length ? written : Arrays.copyOf(written, writer.len);
        }

        private void manifest(CheckpointManifest m) {
            beginObject();
            field("version").number(m.version());
            field("checkpoint_id").unsigned(m.checkpointId());
            field("epoch").unsigned(m.epoch());
            field("timestamp_ms").unsigned(m.timestampMs());
            field("source_offsets").connectors(m.sourceOffsets());
            field("sink_epochs").beginObject();
            m.sinkEpochs().forEach((k, v) -> field(k).unsigned(v));
            endObject();
            field("sink_commit_statuses").beginObject();
            m.sinkCommitStatuses().forEach((k, v) -> field(k).commitStatus(v));
            endObject();
            field("table_offsets").connectors(m.tableOffsets());
            field("operator_states").beginObject();
            m.operatorStates().forEach((k, v) -> {
                field(k).beginObject();
                field("state_b64").nullableString(v.stateB64());
                field("external").raw(v.external() ? "true" : "false");
                field("external_offset").unsigned(v.externalOffset());
                field("external_length").unsigned(v.externalLength());
                endObject();
            });
            endObject();
            field("table_store_checkpoint_path").nullableString(m.tableStoreCheckpointPath().orElse(null));
            if (m.watermark().isPresent()) {
                field("watermark").number(m.watermark().getAsLong());
            }
            else {
                field("watermark").raw("null");
            }
            field("source_watermarks").beginObject();
            m.sourceWatermarks().forEach((k, v) -> field(k).number(v));
            endObject();
            field("source_names").strings(m.sourceNames());
            field("sink_names").strings(m.sinkNames());
            if (m.pipelineHash().isPresent()) {
                field("pipeline_hash").unsigned(m.pipelineHash().getAsLong());
            }
            else {
                field("pipeline_hash").raw("null");
            }
            field("vnode_count").number(m.vnodeCount());
            field("state_checksum").nullableString(m.stateChecksum().orElse(null));
            endObject();
        }

        private void connectors(Map<String, ConnectorCheckpoint> connectors) {
            beginObject();
            connectors.forEach((name, c) -> {
                field(name).beginObject();
                field("offsets").beginObject();
                c.offsets().forEach((k, v) -> field(k).string(v));
                endObject();
                field("epoch").unsigned(c.epoch());
                field("metadata").beginObject();
                c.metadata().forEach((k, v) -> field(k).string(v));
                endObject();
                endObject();
            });
            endObject();
        }

        private void commitStatus(SinkCommitStatus status) {
            if (status instanceof SinkCommitStatus.Failed failed) {
                beginObject();
                field("Failed").string(failed.reason());
                endObject();
            }
            else {
                string(status instanceof SinkCommitStatus.Committed ? "Committed" : "Pending");
            }
        }

        private void strings(List<String> values) {
            put('[');
            depth++;
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    put(',');
                }
                newline();
                string(values.get(i));
            }
            depth--;
            if (!values.isEmpty()) {
                newline();
            }
            put(']');
        }

        private ManifestWriter beginObject() {
            put('{');
            depth++;
            first = true;
            return this;
        }

        private void endObject() {
            depth--;
            if (!first) {
                newline();
            }
            put('}');
            first = false;
        }

        private ManifestWriter field(String name) {
            if (!first) {
                put(',');
            }
            first = false;
            newline();
            string(name);
            put(':');
            if (pretty) {
                put(' ');
            }
            return this;
        }

        private void newline() {
            if (!pretty) {
                return;
            }
            int n = 1 + 2 * depth;
            byte[] b = buf;
            if (b == null) {
                len += n;
                return;
            }
            ensure(n);
            b = buf;
            b[len] = '\n';
            Arrays.fill(b, len + 1, len + n, (byte) ' ');
            len += n;
        }

        private void nullableString(@Nullable String value) {
            if (value == null) {
                raw("null");
            }
            else {
                string(value);
            }
        }

        private void number(long value) {
            if (value < 0) {
                if (value == Long.MIN_VALUE) {
                    raw(Long.toString(value));
                    return;
                }
                put('-');
                value = -value;
            }
            unsigned(value);
        }

        private void unsigned(long value) {
            if (value < 0) {
                long tens = Long.divideUnsigned(value, 10);
                positive(tens);
                put('0' + (int) (value - tens * 10));
            }
            else {
                positive(value);
            }
        }

        private void positive(long value) {
            int digits = 1;
            for (long v = value; v >= 10; v /= 10) {
                digits++;
            }
            if (buf == null) {
                len += digits;
                return;
            }
            ensure(digits);
            byte[] b = buf;
            int at = len + digits;
            long v = value;
            do {
                b[--at] = (byte) ('0' + (int) (v % 10));
                v /= 10;
            }
            while (v != 0);
            len += digits;
        }

        private void raw(String ascii) {
            int n = ascii.length();
            if (buf == null) {
                len += n;
                return;
            }
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[len++] = (byte) ascii.charAt(i);
            }
        }

        /**
         * A JSON string. Characters that need no escape and are ASCII, nearly all of a manifest, are
         * checked in one loop and copied in bulk (the deprecated {@code getBytes} copies the low byte
         * of each character, exact for ASCII); the rest are escaped and encoded one by one.
         */
        @SuppressWarnings("deprecation")
        private void string(String value) {
            int n = value.length();
            if (buf == null) {
                len += n + 2;
                return;
            }
            ensure(n + 2);
            byte[] b = buf;
            int at = len;
            b[at++] = '"';
            int i = 0;
            while (i < n) {
                char c = value.charAt(i);
                if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
                    break;
                }
                i++;
            }
            value.getBytes(0, i, b, at);
            len = at + i;
            for (; i < n; i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    ascii(c);
                }
                else if (c < 0x800) {
                    put(0xC0 | (c >> 6));
                    put(0x80 | (c & 0x3F));
                }
                else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, value.charAt(++i));
                    put(0xF0 | (cp >> 18));
                    put(0x80 | ((cp >> 12) & 0x3F));
                    put(0x80 | ((cp >> 6) & 0x3F));
                    put(0x80 | (cp & 0x3F));
                }
                else {
                    int cp = Character.isSurrogate(c) ? 0xFFFD : c;
                    put(0xE0 | (cp >> 12));
                    put(0x80 | ((cp >> 6) & 0x3F));
                    put(0x80 | (cp & 0x3F));
                }
            }
            put('"');
        }

        private void ascii(char c) {
            switch (c) {
                case '"' -> raw("\\\"");
                case '\\' -> raw("\\\\");
                case '\n' -> raw("\\n");
                case '\r' -> raw("\\r");
                case '\t' -> raw("\\t");
                case '\b' -> raw("\\b");
                case '\f' -> raw("\\f");
                default -> {
                    if (c < 0x20) {
                        raw("\\u00");
                        put(HEX[c >> 4]);
                        put(HEX[c & 0xF]);
                    }
                    else {
                        put(c);
                    }
                }
            }
        }

        /** Grows the buffer when a string needed escapes or was not ASCII, which the measuring pass did not count. */
        private void ensure(int more) {
            byte[] b = Objects.requireNonNull(buf);
            if (b.length - len < more) {
                buf = Arrays.copyOf(b, (int) Math.min(Integer.MAX_VALUE - 16,
                        Math.max((long) b.length + (b.length >> 1), (long) len + more)));
            }
        }

        private void put(int b) {
            if (buf == null) {
                len++;
                return;
            }
            ensure(1);
            buf[len++] = (byte) b;
        }
    }
}
