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
        return new ManifestWriter().write(manifest);
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
     * Writes JSON the way {@code serde_json::to_vec_pretty} does, straight to UTF-8 bytes.
     */
    private static final class ManifestWriter {

        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        private byte[] buf = new byte[0];
        private int len;
        private int depth;
        private boolean first;

        byte[] write(CheckpointManifest m) {
            buf = new byte[estimateSize(m)];
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
            return Arrays.copyOf(buf, len);
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
            put(('['));
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
            put(' ');
            return this;
        }

        private void newline() {
            put('\n');
            for (int i = 0; i < depth; i++) {
                put(' ');
                put(' ');
            }
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
            raw(Long.toString(value));
        }

        private void unsigned(long value) {
            raw(Long.toUnsignedString(value));
        }

        private void raw(String ascii) {
            for (int i = 0; i < ascii.length(); i++) {
                put(ascii.charAt(i));
            }
        }

        /** Room for the fixed fields plus the inline states, which make up most of a large manifest. */
        private static int estimateSize(CheckpointManifest m) {
            long size = 2048;
            for (Map.Entry<String, OperatorCheckpoint> op : m.operatorStates().entrySet()) {
                String state = op.getValue().stateB64();
                size += 160 + op.getKey().length() + (state == null ? 0 : state.length());
            }
            size += 256L * (m.sourceOffsets().size() + m.tableOffsets().size() + m.sinkEpochs().size());
            return (int) Math.min(size, Integer.MAX_VALUE - 16);
        }

        private void string(String value) {
            int n = value.length();
            ensure(n + 2);
            buf[len++] = '"';
            int i = 0;
            for (; i < n; i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
                    break;
                }
                buf[len++] = (byte) c;
            }
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

        private void ensure(int more) {
            if (buf.length - len < more) {
                buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16,
                        Math.max((long) buf.length * 2, (long) len + more)));
            }
        }

        private void put(int b) {
            if (len == buf.length) {
                ensure(1);
            }
            buf[len++] = (byte) b;
        }
    }
}
