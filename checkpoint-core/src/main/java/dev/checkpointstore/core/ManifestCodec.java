package dev.checkpointstore.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads and writes manifests as LaminarDB's JSON: snake_case fields in a fixed order, pretty
 * printed with two-space indentation exactly as LaminarDB ({@code serde_json}) prints them, UTF-8,
 * no trailing newline. Map keys are written in UTF-8 order, so equal manifests give equal bytes.
 * Unknown fields are ignored on read; every field but the first four may be missing.
 */
public final class ManifestCodec {

    /** The largest manifest the stores read by default: 64 MiB. */
    public static final int DEFAULT_MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

    private static final BigInteger UNSIGNED_LONG_MAX = new BigInteger("18446744073709551615");

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .maxNestingDepth(64)
                    .build())
            .build();

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
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            CheckpointManifest manifest = new Reader(parser).manifest();
            if (parser.nextToken() != null) {
                throw new CorruptCheckpointException("unexpected content after the manifest object");
            }
            return manifest;
        }
        catch (JacksonException ex) {
            throw new CorruptCheckpointException(ex.getOriginalMessage() + " at " + ex.getLocation(), ex);
        }
    }

    private static final class Reader {

        private final JsonParser p;

        Reader(JsonParser parser) {
            this.p = parser;
        }

        CheckpointManifest manifest() {
            expectStart(p.nextToken(), "manifest");
            CheckpointManifest.Builder b = CheckpointManifest.builder();
            boolean version = false;
            boolean id = false;
            boolean epoch = false;
            boolean timestamp = false;
            String field;
            while ((field = p.nextName()) != null) {
                JsonToken value = p.nextToken();
                switch (field) {
                    case "version" -> {
                        long v = unsigned(value, field);
                        if (v > Integer.MAX_VALUE) {
                            throw corrupt("version " + Long.toUnsignedString(v) + " is out of range");
                        }
                        b.version((int) v);
                        version = true;
                    }
                    case "checkpoint_id" -> {
                        b.checkpointId(unsigned(value, field));
                        id = true;
                    }
                    case "epoch" -> {
                        b.epoch(unsigned(value, field));
                        epoch = true;
                    }
                    case "timestamp_ms" -> {
                        b.timestampMs(unsigned(value, field));
                        timestamp = true;
                    }
                    case "source_offsets" -> b.sourceOffsets(map(value, field, this::connector));
                    case "sink_epochs" -> b.sinkEpochs(map(value, field, t -> unsigned(t, "sink_epochs value")));
                    case "sink_commit_statuses" -> b.sinkCommitStatuses(map(value, field, this::commitStatus));
                    case "table_offsets" -> b.tableOffsets(map(value, field, this::connector));
                    case "operator_states" -> b.operatorStates(map(value, field, this::operator));
                    case "table_store_checkpoint_path" -> b.tableStoreCheckpointPath(nullableString(value, field));
                    case "watermark" -> b.watermark(value == JsonToken.VALUE_NULL ? null : signed(value, field));
                    case "source_watermarks" -> b.sourceWatermarks(map(value, field, t -> signed(t, "source_watermarks value")));
                    case "source_names" -> b.sourceNames(strings(value, field));
                    case "sink_names" -> b.sinkNames(strings(value, field));
                    case "pipeline_hash" -> b.pipelineHash(value == JsonToken.VALUE_NULL ? null : unsigned(value, field));
                    case "vnode_count" -> {
                        long v = value == JsonToken.VALUE_NULL ? 0 : unsigned(value, field);
                        if (v > 0xFFFF) {
                            throw corrupt("vnode_count " + v + " exceeds 65535");
                        }
                        b.vnodeCount((int) v);
                    }
                    case "state_checksum" -> b.stateChecksum(nullableString(value, field));
                    default -> p.skipChildren();
                }
            }
            List<String> missing = new ArrayList<>();
            if (!version) {
                missing.add("version");
            }
            if (!id) {
                missing.add("checkpoint_id");
            }
            if (!epoch) {
                missing.add("epoch");
            }
            if (!timestamp) {
                missing.add("timestamp_ms");
            }
            if (!missing.isEmpty()) {
                throw corrupt("missing required field(s) " + String.join(", ", missing));
            }
            return b.build();
        }

        private ConnectorCheckpoint connector(JsonToken start) {
            expectStart(start, "connector checkpoint");
            Map<String, String> offsets = Map.of();
            Map<String, String> metadata = Map.of();
            long epoch = 0;
            String field;
            while ((field = p.nextName()) != null) {
                JsonToken value = p.nextToken();
                switch (field) {
                    case "offsets" -> offsets = map(value, field, t -> string(t, "offsets value"));
                    case "epoch" -> epoch = unsigned(value, field);
                    case "metadata" -> metadata = map(value, field, t -> string(t, "metadata value"));
                    default -> p.skipChildren();
                }
            }
            return new ConnectorCheckpoint(offsets, epoch, metadata);
        }

        private OperatorCheckpoint operator(JsonToken start) {
            expectStart(start, "operator checkpoint");
            String stateB64 = null;
            boolean external = false;
            long offset = 0;
            long length = 0;
            String field;
            while ((field = p.nextName()) != null) {
                JsonToken value = p.nextToken();
                switch (field) {
                    case "state_b64" -> stateB64 = nullableString(value, field);
                    case "external" -> {
                        if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                            throw corrupt("external must be a boolean, found " + value);
                        }
                        external = value == JsonToken.VALUE_TRUE;
                    }
                    case "external_offset" -> offset = unsigned(value, field);
                    case "external_length" -> length = unsigned(value, field);
                    default -> p.skipChildren();
                }
            }
            return new OperatorCheckpoint(stateB64, external, offset, length);
        }

        private SinkCommitStatus commitStatus(JsonToken token) {
            if (token == JsonToken.VALUE_STRING) {
                String name = p.getString();
                return switch (name) {
                    case "Pending" -> SinkCommitStatus.PENDING;
                    case "Committed" -> SinkCommitStatus.COMMITTED;
                    default -> throw corrupt("unknown sink commit status '" + name + "'");
                };
            }
            expectStart(token, "sink commit status");
            String variant = p.nextName();
            if (!"Failed".equals(variant)) {
                throw corrupt("unknown sink commit status " + (variant == null ? "{}" : "'" + variant + "'"));
            }
            String reason = string(p.nextToken(), "Failed");
            if (p.nextToken() != JsonToken.END_OBJECT) {
                throw corrupt("sink commit status {\"Failed\": ...} has extra fields");
            }
            return SinkCommitStatus.failed(reason);
        }

        private <V> Map<String, V> map(JsonToken start, String field, Function<JsonToken, V> valueReader) {
            if (start == JsonToken.VALUE_NULL) {
                return Map.of();
            }
            if (start != JsonToken.START_OBJECT) {
                throw corrupt(field + " must be an object, found " + start);
            }
            Map<String, V> result = new LinkedHashMap<>();
            String key;
            while ((key = p.nextName()) != null) {
                result.put(key, valueReader.apply(p.nextToken()));
            }
            return result;
        }

        private List<String> strings(JsonToken start, String field) {
            if (start == JsonToken.VALUE_NULL) {
                return List.of();
            }
            if (start != JsonToken.START_ARRAY) {
                throw corrupt(field + " must be an array, found " + start);
            }
            List<String> result = new ArrayList<>();
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                result.add(string(token, field + " element"));
            }
            return result;
        }

        private String string(@Nullable JsonToken token, String field) {
            if (token != JsonToken.VALUE_STRING) {
                throw corrupt(field + " must be a string, found " + token);
            }
            return p.getString();
        }

        private @Nullable String nullableString(JsonToken token, String field) {
            return token == JsonToken.VALUE_NULL ? null : string(token, field);
        }

        private long unsigned(@Nullable JsonToken token, String field) {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw corrupt(field + " must be an unsigned integer, found " + token);
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                BigInteger value = p.getBigIntegerValue();
                if (value.signum() < 0 || value.compareTo(UNSIGNED_LONG_MAX) > 0) {
                    throw corrupt(field + " " + value + " is outside the unsigned 64-bit range");
                }
                return value.longValue();
            }
            long value = p.getLongValue();
            if (value < 0) {
                throw corrupt(field + " " + value + " must not be negative");
            }
            return value;
        }

        private long signed(@Nullable JsonToken token, String field) {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw corrupt(field + " must be an integer, found " + token);
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw corrupt(field + " " + p.getBigIntegerValue() + " is outside the signed 64-bit range");
            }
            return p.getLongValue();
        }

        private void expectStart(@Nullable JsonToken token, String what) {
            if (token != JsonToken.START_OBJECT) {
                throw corrupt(what + " must be a JSON object, found " + (token == null ? "end of input" : token));
            }
        }

        private CorruptCheckpointException corrupt(String message) {
            return new CorruptCheckpointException(message + " at " + p.currentLocation());
        }
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
