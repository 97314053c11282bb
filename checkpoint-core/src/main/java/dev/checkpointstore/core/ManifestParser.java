package dev.checkpointstore.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Parses a manifest exactly as strictly and as leniently as LaminarDB's {@code serde_json} derive
 * does, and no more expensively than a bound allows.
 *
 * <p>What serde accepts: fields in any order, unknown fields of any shape (skipped), missing
 * fields that have a default, {@code null} for the optional ones ({@code watermark},
 * {@code pipeline_hash}, {@code state_checksum}, {@code table_store_checkpoint_path},
 * {@code state_b64}), a struct written as an array of its fields in declaration order, a
 * repeated map key (the last one wins), {@code {"Pending": null}} for a unit variant, trailing
 * white space. What it refuses: a repeated field, {@code null} for a field that is not optional,
 * a missing required field ({@code version}, {@code checkpoint_id}, {@code epoch},
 * {@code timestamp_ms}, a connector's {@code offsets} and {@code epoch}), a number out of its
 * type's range or written as a float ({@code -0} included), a lone surrogate in a string it keeps,
 * a leading byte-order mark, anything after the value.
 *
 * <p>Two bounds that serde lacks keep a hostile manifest from taking the heap: at most
 * {@value #MAX_ENTRIES} map entries and list elements in all, and at most {@value #MAX_DEPTH}
 * nested arrays and objects (unknown fields included).
 *
 * <p>The manifests writers produce (ASCII, no escapes, known fields only) take
 * {@link PlainManifestParser}'s single pass; this parser reads everything else.
 */
final class ManifestParser {

    /** The most map entries and list elements a manifest may hold, all maps and lists together. */
    static final int MAX_ENTRIES = 1 << 18;

    /** The deepest nesting of arrays and objects a manifest may have, unknown fields included. */
    static final int MAX_DEPTH = 1000;

    private static final BigInteger UNSIGNED_LONG_MAX = new BigInteger("18446744073709551615");

    private static final long UNSIGNED_INT_MAX = 0xFFFF_FFFFL;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .maxNestingDepth(MAX_DEPTH)
                    .build())
            .build();

    private static final String[] MANIFEST_FIELDS = { "version", "checkpoint_id", "epoch", "timestamp_ms",
        "source_offsets", "sink_epochs", "sink_commit_statuses", "table_offsets", "operator_states",
        "table_store_checkpoint_path", "watermark", "source_watermarks", "source_names", "sink_names",
        "pipeline_hash", "vnode_count", "state_checksum" };

    private static final int REQUIRED_MANIFEST_FIELDS = 4;

    private static final String[] CONNECTOR_FIELDS = { "offsets", "epoch", "metadata" };

    private static final int REQUIRED_CONNECTOR_FIELDS = 2;

    private static final String[] OPERATOR_FIELDS = { "state_b64", "external", "external_offset", "external_length" };

    private final JsonParser p;

    private int entries;

    private ManifestParser(JsonParser parser) {
        this.p = parser;
    }

    /**
     * Parses a manifest.
     * @param json the bytes
     * @return the manifest
     * @throws CorruptCheckpointException saying what is wrong and where
     */
    static CheckpointManifest parse(byte[] json) {
        CheckpointManifest plain = PlainManifestParser.tryParse(json);
        return plain != null ? plain : parseFully(json);
    }

    /**
     * Parses a manifest without trying {@link PlainManifestParser} first: what {@link #parse} falls
     * back to, and what tests compare the fast path with.
     * @param json the bytes
     * @return the manifest
     * @throws CorruptCheckpointException saying what is wrong and where
     */
    static CheckpointManifest parseFully(byte[] json) {
        if (json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB && (json[2] & 0xFF) == 0xBF) {
            throw new CorruptCheckpointException("starts with a UTF-8 byte-order mark, which JSON does not allow");
        }
        Utf8.check(json);
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            ManifestParser reader = new ManifestParser(parser);
            CheckpointManifest manifest = reader.manifest(parser.nextToken());
            if (parser.nextToken() != null) {
                throw reader.corrupt("trailing characters after the manifest");
            }
            return manifest;
        }
        catch (JacksonException ex) {
            throw new CorruptCheckpointException(ex.getOriginalMessage() + " at " + ex.getLocation(), ex);
        }
        catch (StackOverflowError ex) {
            throw new CorruptCheckpointException("nested too deeply to parse", ex);
        }
    }

    private CheckpointManifest manifest(@Nullable JsonToken start) {
        CheckpointManifest.Builder b = CheckpointManifest.builder();
        Fields fields = new Fields("manifest", MANIFEST_FIELDS, REQUIRED_MANIFEST_FIELDS);
        fields.read(start, (index, value) -> {
            switch (index) {
                case 0 -> b.version(unsignedInt(value, "version"));
                case 1 -> b.checkpointId(unsigned(value, "checkpoint_id"));
                case 2 -> b.epoch(unsigned(value, "epoch"));
                case 3 -> b.timestampMs(unsigned(value, "timestamp_ms"));
                case 4 -> b.sourceOffsets(map(value, "source_offsets", this::connector));
                case 5 -> b.sinkEpochs(map(value, "sink_epochs", t -> unsigned(t, "sink_epochs value")));
                case 6 -> b.sinkCommitStatuses(map(value, "sink_commit_statuses", this::commitStatus));
                case 7 -> b.tableOffsets(map(value, "table_offsets", this::connector));
                case 8 -> b.operatorStates(map(value, "operator_states", this::operator));
                case 9 -> b.tableStoreCheckpointPath(optional(value, () -> string(value, "table_store_checkpoint_path")));
                case 10 -> b.watermark(optional(value, () -> signed(value, "watermark")));
                case 11 -> b.sourceWatermarks(map(value, "source_watermarks", t -> signed(t, "source_watermarks value")));
                case 12 -> b.sourceNames(strings(value, "source_names"));
                case 13 -> b.sinkNames(strings(value, "sink_names"));
                case 14 -> b.pipelineHash(optional(value, () -> unsigned(value, "pipeline_hash")));
                case 15 -> b.vnodeCount(vnodeCount(value));
                default -> b.stateChecksum(optional(value, () -> string(value, "state_checksum")));
            }
        });
        return b.build();
    }

    private ConnectorCheckpoint connector(@Nullable JsonToken start) {
        ConnectorFields fields = new ConnectorFields();
        new Fields("connector checkpoint", CONNECTOR_FIELDS, REQUIRED_CONNECTOR_FIELDS).read(start, fields);
        return new ConnectorCheckpoint(fields.offsets, fields.epoch, fields.metadata);
    }

    private OperatorCheckpoint operator(@Nullable JsonToken start) {
        OperatorFields fields = new OperatorFields();
        new Fields("operator checkpoint", OPERATOR_FIELDS, 0).read(start, fields);
        return new OperatorCheckpoint(fields.stateB64, fields.external, fields.offset, fields.length);
    }

    private SinkCommitStatus commitStatus(@Nullable JsonToken token) {
        if (token == JsonToken.VALUE_STRING) {
            String name = p.getString();
            return switch (name) {
                case "Pending" -> SinkCommitStatus.PENDING;
                case "Committed" -> SinkCommitStatus.COMMITTED;
                case "Failed" -> throw corrupt("sink commit status \"Failed\" needs its reason: {\"Failed\": \"...\"}");
                default -> throw corrupt("unknown sink commit status '" + name + "'");
            };
        }
        if (token != JsonToken.START_OBJECT) {
            throw corrupt("sink commit status must be a string or an object, found " + describe(token));
        }
        String variant = p.nextName();
        if (variant == null) {
            throw corrupt("sink commit status {} names no variant");
        }
        JsonToken value = p.nextToken();
        SinkCommitStatus status = switch (variant) {
            case "Pending", "Committed" -> {
                if (value != JsonToken.VALUE_NULL) {
                    throw corrupt("sink commit status {\"" + variant + "\": ...} must have null, found " + describe(value));
                }
                yield variant.equals("Pending") ? SinkCommitStatus.PENDING : SinkCommitStatus.COMMITTED;
            }
            case "Failed" -> SinkCommitStatus.failed(string(value, "Failed reason"));
            default -> throw corrupt("unknown sink commit status '" + variant + "'");
        };
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw corrupt("sink commit status {\"" + variant + "\": ...} has more than one entry");
        }
        return status;
    }

    private <V> Map<String, V> map(@Nullable JsonToken start, String field, TokenReader<V> values) {
        if (start != JsonToken.START_OBJECT) {
            throw corrupt(field + " must be an object, found " + describe(start));
        }
        Map<String, V> result = new LinkedHashMap<>();
        String key;
        while ((key = p.nextName()) != null) {
            count(field);
            checkSurrogates(key, field + " key");
            result.put(key, values.read(p.nextToken()));
        }
        return result;
    }

    private List<String> strings(@Nullable JsonToken start, String field) {
        if (start != JsonToken.START_ARRAY) {
            throw corrupt(field + " must be an array, found " + describe(start));
        }
        List<String> result = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            count(field);
            result.add(string(token, field + " element"));
        }
        return result;
    }

    private void count(String field) {
        if (++entries > MAX_ENTRIES) {
            throw corrupt("more than " + MAX_ENTRIES + " map entries and list elements (at " + field
                    + "); refused to bound memory");
        }
    }

    private String string(@Nullable JsonToken token, String field) {
        if (token != JsonToken.VALUE_STRING) {
            throw corrupt(field + " must be a string, found " + describe(token));
        }
        String value = p.getString();
        checkSurrogates(value, field);
        return value;
    }

    private void checkSurrogates(String value, String field) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                throw corrupt(field + " has a lone surrogate \\u" + Integer.toHexString(c));
            }
        }
    }

    private boolean bool(@Nullable JsonToken token, String field) {
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
            throw corrupt(field + " must be a boolean, found " + describe(token));
        }
        return token == JsonToken.VALUE_TRUE;
    }

    private long unsignedInt(@Nullable JsonToken token, String field) {
        long value = unsigned(token, field);
        if (Long.compareUnsigned(value, UNSIGNED_INT_MAX) > 0) {
            throw corrupt(field + " " + Long.toUnsignedString(value) + " is outside the unsigned 32-bit range");
        }
        return value;
    }

    private int vnodeCount(@Nullable JsonToken token) {
        long value = unsigned(token, "vnode_count");
        if (Long.compareUnsigned(value, 0xFFFF) > 0) {
            throw corrupt("vnode_count " + Long.toUnsignedString(value) + " exceeds 65535");
        }
        return (int) value;
    }

    private long unsigned(@Nullable JsonToken token, String field) {
        integer(token, field + " must be an unsigned integer");
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
        integer(token, field + " must be an integer");
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw corrupt(field + " " + p.getBigIntegerValue() + " is outside the signed 64-bit range");
        }
        return p.getLongValue();
    }

    /** An integer token, not {@code -0}: serde reads {@code -0} as a float. */
    private void integer(@Nullable JsonToken token, String expectation) {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw corrupt(expectation + ", found " + describe(token));
        }
        if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER && p.getLongValue() == 0
                && p.getString().startsWith("-")) {
            throw corrupt(expectation + ", found the float -0");
        }
    }

    private <T> @Nullable T optional(@Nullable JsonToken token, Supplier<T> value) {
        return token == JsonToken.VALUE_NULL ? null : value.get();
    }

    private static String describe(@Nullable JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a float";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private CorruptCheckpointException corrupt(String message) {
        return new CorruptCheckpointException(message + " at " + p.currentLocation());
    }

    @FunctionalInterface
    private interface TokenReader<V> {

        V read(@Nullable JsonToken token);
    }

    @FunctionalInterface
    private interface FieldReader {

        void read(int index, @Nullable JsonToken value);
    }

    private final class ConnectorFields implements FieldReader {

        private Map<String, String> offsets = Map.of();
        private long epoch;
        private Map<String, String> metadata = Map.of();

        @Override
        public void read(int index, @Nullable JsonToken value) {
            switch (index) {
                case 0 -> offsets = map(value, "offsets", t -> string(t, "offsets value"));
                case 1 -> epoch = unsigned(value, "epoch");
                default -> metadata = map(value, "metadata", t -> string(t, "metadata value"));
            }
        }
    }

    private final class OperatorFields implements FieldReader {

        private @Nullable String stateB64;
        private boolean external;
        private long offset;
        private long length;

        @Override
        public void read(int index, @Nullable JsonToken value) {
            switch (index) {
                case 0 -> stateB64 = optional(value, () -> string(value, "state_b64"));
                case 1 -> external = bool(value, "external");
                case 2 -> offset = unsigned(value, "external_offset");
                default -> length = unsigned(value, "external_length");
            }
        }
    }

    /**
     * The fields of one struct, read as serde's derive reads them: from an object by name, each at
     * most once, unknown names skipped; or from an array by position.
     */
    private final class Fields {

        private final String struct;
        private final String[] names;
        private final int required;

        Fields(String struct, String[] names, int required) {
            this.struct = struct;
            this.names = names;
            this.required = required;
        }

        void read(@Nullable JsonToken start, FieldReader reader) {
            if (start == JsonToken.START_ARRAY) {
                readSequence(reader);
                return;
            }
            if (start != JsonToken.START_OBJECT) {
                throw corrupt(struct + " must be a JSON object, found " + describe(start));
            }
            boolean[] seen = new boolean[names.length];
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken value = p.nextToken();
                int index = indexOf(name);
                if (index < 0) {
                    p.skipChildren();
                    continue;
                }
                if (seen[index]) {
                    throw corrupt(struct + " has the field `" + name + "` twice");
                }
                seen[index] = true;
                reader.read(index, value);
            }
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < required; i++) {
                if (!seen[i]) {
                    missing.add(names[i]);
                }
            }
            if (!missing.isEmpty()) {
                throw corrupt(struct + " is missing required field(s) " + String.join(", ", missing));
            }
        }

        private void readSequence(FieldReader reader) {
            int index = 0;
            JsonToken value;
            while ((value = p.nextToken()) != JsonToken.END_ARRAY) {
                if (index == names.length) {
                    throw corrupt(struct + " written as an array has more than " + names.length + " elements");
                }
                reader.read(index++, value);
            }
            if (index < required) {
                throw corrupt(struct + " written as an array has " + index + " elements, needs at least " + required);
            }
        }

        private int indexOf(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
