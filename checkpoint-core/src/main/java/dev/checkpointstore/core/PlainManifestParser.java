package dev.checkpointstore.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The fast path of {@link ManifestParser}: reads the manifests this library and LaminarDB write,
 * in one pass over the bytes, and gives up on everything else.
 *
 * <p>It accepts a strict subset of what {@link ManifestParser} accepts and gives the same manifest
 * for it: ASCII only, strings without escapes, structs as objects holding only their known fields,
 * each at most once, integers in their type's range written without sign where unsigned, commit
 * statuses as {@code "Pending"}, {@code "Committed"} or {@code {"Failed": "..."}}, nothing but white
 * space after the value, and no more than {@link ManifestParser#MAX_ENTRIES} entries. For any other
 * input, valid or not, it returns null and the full parser decides, so every error message and every
 * lenient case stays the full parser's. Being ASCII only, the input it accepts is well-formed UTF-8
 * without a byte-order mark, and its strings hold no surrogates.
 *
 * <p>Strings, most of a manifest's bytes (base64 inline state), are scanned eight bytes at a time and
 * copied into {@link String}s once.
 */
final class PlainManifestParser {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101_0101_0101_0101L;

    private static final long HIGHS = 0x8080_8080_8080_8080L;

    private static final long QUOTES = '"' * ONES;

    private static final long BACKSLASHES = '\\' * ONES;

    private static final long SPACES = ' ' * ONES;

    /** Thrown to give up; never leaves this class. */
    private static final class GiveUp extends RuntimeException {

        private static final long serialVersionUID = 1L;

        GiveUp() {
            super("not a plain manifest", null, false, false);
        }
    }

    private static final GiveUp GIVE_UP = new GiveUp();

    private static final byte[][] MANIFEST_FIELDS = names("version", "checkpoint_id", "epoch", "timestamp_ms",
            "source_offsets", "sink_epochs", "sink_commit_statuses", "table_offsets", "operator_states",
            "table_store_checkpoint_path", "watermark", "source_watermarks", "source_names", "sink_names",
            "pipeline_hash", "vnode_count", "state_checksum");

    private static final byte[][] CONNECTOR_FIELDS = names("offsets", "epoch", "metadata");

    private static final byte[][] OPERATOR_FIELDS = names("state_b64", "external", "external_offset", "external_length");

    private static final byte[][] FAILED = names("Failed");

    private final byte[] json;

    private int pos;

    private int entries;

    private PlainManifestParser(byte[] json) {
        this.json = json;
    }

    /**
     * Parses a plain manifest.
     * @param json the bytes
     * @return the manifest, or null when the input is not plain (then only the full parser can tell
     *     whether it is a manifest)
     */
    static @Nullable CheckpointManifest tryParse(byte[] json) {
        try {
            PlainManifestParser parser = new PlainManifestParser(json);
            CheckpointManifest manifest = parser.manifest();
            parser.skipWhitespace();
            return parser.pos == json.length ? manifest : null;
        }
        catch (RuntimeException ex) {
            // GiveUp, or a value the builder refuses: the full parser reports it
            return null;
        }
    }

    private CheckpointManifest manifest() {
        CheckpointManifest.Builder b = CheckpointManifest.builder();
        int seen = 0;
        int field = -1;
        expect('{');
        if (!tryConsume('}')) {
            do {
                field = field(MANIFEST_FIELDS, field + 1);
                seen = once(seen, 1 << field);
                switch (field) {
                    case 0 -> b.version(unsigned(0xFFFF_FFFFL));
                    case 1 -> b.checkpointId(unsigned(-1));
                    case 2 -> b.epoch(unsigned(-1));
                    case 3 -> b.timestampMs(unsigned(-1));
                    case 4 -> entries(b::putSourceOffset, this::connector);
                    case 5 -> longs(false, b::putSinkEpoch);
                    case 6 -> entries(b::putSinkCommitStatus, this::commitStatus);
                    case 7 -> entries(b::putTableOffset, this::connector);
                    case 8 -> entries(b::putOperatorState, this::operator);
                    case 9 -> b.tableStoreCheckpointPath(nullableString());
                    case 10 -> b.watermark(tryNull() ? null : signed());
                    case 11 -> longs(true, b::putSourceWatermark);
                    case 12 -> b.sourceNames(strings());
                    case 13 -> b.sinkNames(strings());
                    case 14 -> b.pipelineHash(tryNull() ? null : unsigned(-1));
                    case 15 -> b.vnodeCount((int) unsigned(0xFFFF));
                    default -> b.stateChecksum(nullableString());
                }
            }
            while (nextMember());
        }
        if ((seen & 0xF) != 0xF) {
            throw GIVE_UP;
        }
        return b.build();
    }

    private ConnectorCheckpoint connector() {
        Map<String, String> offsets = Map.of();
        long epoch = 0;
        Map<String, String> metadata = Map.of();
        int seen = 0;
        int field = -1;
        expect('{');
        if (!tryConsume('}')) {
            do {
                field = field(CONNECTOR_FIELDS, field + 1);
                seen = once(seen, 1 << field);
                switch (field) {
                    case 0 -> offsets = stringMap();
                    case 1 -> epoch = unsigned(-1);
                    default -> metadata = stringMap();
                }
            }
            while (nextMember());
        }
        if ((seen & 3) != 3) {
            throw GIVE_UP;
        }
        return new ConnectorCheckpoint(offsets, epoch, metadata);
    }

    private OperatorCheckpoint operator() {
        String stateB64 = null;
        boolean external = false;
        long offset = 0;
        long length = 0;
        int seen = 0;
        int field = -1;
        expect('{');
        if (!tryConsume('}')) {
            do {
                field = field(OPERATOR_FIELDS, field + 1);
                seen = once(seen, 1 << field);
                switch (field) {
                    case 0 -> stateB64 = nullableString();
                    case 1 -> external = bool();
                    case 2 -> offset = unsigned(-1);
                    default -> length = unsigned(-1);
                }
            }
            while (nextMember());
        }
        return new OperatorCheckpoint(stateB64, external, offset, length);
    }

    private SinkCommitStatus commitStatus() {
        skipWhitespace();
        if (peek() == '"') {
            return switch (string()) {
                case "Pending" -> SinkCommitStatus.PENDING;
                case "Committed" -> SinkCommitStatus.COMMITTED;
                default -> throw GIVE_UP;
            };
        }
        expect('{');
        field(FAILED, 0);
        SinkCommitStatus failed = SinkCommitStatus.failed(string());
        expect('}');
        return failed;
    }

    private Map<String, String> stringMap() {
        Map<String, String> result = SortedMaps.newMap();
        entries(result::put, this::string);
        return result;
    }

    /** A JSON object's entries, each value read by {@code value}, handed to {@code put} in order. */
    private <V> void entries(BiConsumer<String, V> put, Supplier<V> value) {
        expect('{');
        if (!tryConsume('}')) {
            do {
                String name = entryKey();
                put.accept(name, value.get());
            }
            while (nextMember());
        }
    }

    private void longs(boolean signed, LongEntry put) {
        expect('{');
        if (!tryConsume('}')) {
            do {
                String name = entryKey();
                put.accept(name, signed ? signed() : unsigned(-1));
            }
            while (nextMember());
        }
    }

    /** Where a map of numbers goes, entry by entry. */
    @FunctionalInterface
    private interface LongEntry {
        void accept(String key, long value);
    }

    private List<String> strings() {
        List<String> result = new ArrayList<>();
        expect('[');
        if (!tryConsume(']')) {
            do {
                count();
                result.add(string());
            }
            while (nextElement());
        }
        return result;
    }

    private String entryKey() {
        count();
        return key();
    }

    private void count() {
        if (++entries > ManifestParser.MAX_ENTRIES) {
            throw GIVE_UP;
        }
    }

    private static int once(int seen, int bit) {
        if ((seen & bit) != 0) {
            throw GIVE_UP;
        }
        return seen | bit;
    }

    private String key() {
        String key = string();
        expect(':');
        return key;
    }

    /**
     * A struct's field name and its colon, matched against the names without making a String.
     * Writers put fields in declaration order, so {@code names[guess]}, the one after the field
     * before, is tried first.
     * @return the index of the name in {@code names}; gives up on any other name
     */
    private int field(byte[][] names, int guess) {
        expect('"');
        int start = pos;
        if (guess < names.length) {
            byte[] name = names[guess];
            int end = start + name.length;
            if (end < json.length && json[end] == '"' && Arrays.equals(json, start, end, name, 0, name.length)) {
                pos = end + 1;
                expect(':');
                return guess;
            }
        }
        int end = start;
        while (true) {
            byte b = byteAt(end);
            if (b == '"') {
                break;
            }
            if (b < 0x20 || b == '\\') {
                throw GIVE_UP;
            }
            end++;
        }
        pos = end + 1;
        expect(':');
        for (int i = 0; i < names.length; i++) {
            if (Arrays.equals(json, start, end, names[i], 0, names[i].length)) {
                return i;
            }
        }
        throw GIVE_UP;
    }

    private static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    /** After a member: true after a comma, false after the closing brace. */
    private boolean nextMember() {
        skipWhitespace();
        byte b = next();
        if (b == ',') {
            return true;
        }
        if (b == '}') {
            return false;
        }
        throw GIVE_UP;
    }

    private boolean nextElement() {
        skipWhitespace();
        byte b = next();
        if (b == ',') {
            return true;
        }
        if (b == ']') {
            return false;
        }
        throw GIVE_UP;
    }

    private @Nullable String nullableString() {
        return tryNull() ? null : string();
    }

    /** A string of printable ASCII without escapes. */
    private String string() {
        expect('"');
        int start = pos;
        int i = start;
        int limit = json.length - 2 * Long.BYTES;
        while (i <= limit) {
            long first = special((long) LONGS.get(json, i));
            long second = special((long) LONGS.get(json, i + Long.BYTES));
            if ((first | second) != 0) {
                i += first != 0 ? Long.numberOfTrailingZeros(first) >>> 3
                        : Long.BYTES + (Long.numberOfTrailingZeros(second) >>> 3);
                break;
            }
            i += 2 * Long.BYTES;
        }
        while (true) {
            byte b = byteAt(i);
            if (b == '"') {
                break;
            }
            if (b < 0x20 || b == '\\') {
                throw GIVE_UP;
            }
            i++;
        }
        pos = i + 1;
        return new String(json, start, i - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * The high bit set in the lowest byte of {@code word} (little-endian) that ends a plain string or
     * disqualifies it (a quote, a backslash, a control character, a byte over 0x7F), and none below
     * it; higher bytes may be flagged falsely. Zero when there is no such byte.
     */
    private static long special(long word) {
        long low = word & ~HIGHS;
        return (word | (low - SPACES) | ((low ^ QUOTES) - ONES) | ((low ^ BACKSLASHES) - ONES)) & HIGHS;
    }

    private boolean bool() {
        skipWhitespace();
        if (literal("true")) {
            return true;
        }
        if (literal("false")) {
            return false;
        }
        throw GIVE_UP;
    }

    private boolean tryNull() {
        skipWhitespace();
        return literal("null");
    }

    private boolean literal(String word) {
        int n = word.length();
        if (pos + n > json.length) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (json[pos + k] != word.charAt(k)) {
                return false;
            }
        }
        pos += n;
        endOfValue();
        return true;
    }

    /**
     * An unsigned integer up to {@code max} (compared unsigned; -1 for the whole 64-bit range),
     * without sign, leading zero, fraction or exponent.
     */
    private long unsigned(long max) {
        skipWhitespace();
        long value = digits();
        if (Long.compareUnsigned(value, max) > 0) {
            throw GIVE_UP;
        }
        return value;
    }

    private long signed() {
        skipWhitespace();
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        long magnitude = digits();
        if (negative) {
            if (magnitude == 0 || Long.compareUnsigned(magnitude, Long.MIN_VALUE) > 0) {
                throw GIVE_UP;
            }
            return -magnitude;
        }
        if (magnitude < 0) {
            throw GIVE_UP;
        }
        return magnitude;
    }

    /** Decimal digits as an unsigned 64-bit value; gives up on overflow and on leading zeros. */
    private long digits() {
        int start = pos;
        long value = 0;
        while (pos < json.length) {
            int d = json[pos] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (Long.compareUnsigned(value, 0x1999_9999_9999_9999L) > 0) {
                throw GIVE_UP;
            }
            long next = value * 10 + d;
            if (Long.compareUnsigned(next, value * 10) < 0) {
                throw GIVE_UP;
            }
            value = next;
            pos++;
        }
        int length = pos - start;
        if (length == 0 || (length > 1 && json[start] == '0')) {
            throw GIVE_UP;
        }
        endOfValue();
        return value;
    }

    /** A scalar must be followed by white space or a structural character, as in {@code 12}, not {@code 12.5}. */
    private void endOfValue() {
        if (pos < json.length) {
            byte b = json[pos];
            if (b != ',' && b != '}' && b != ']' && b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                throw GIVE_UP;
            }
        }
    }

    private void expect(char c) {
        skipWhitespace();
        if (next() != c) {
            throw GIVE_UP;
        }
    }

    private boolean tryConsume(char c) {
        skipWhitespace();
        if (pos < json.length && json[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Skips white space; runs of spaces, a pretty manifest's indentation, eight at a time. */
    private void skipWhitespace() {
        int i = pos;
        while (i < json.length) {
            byte b = json[i];
            if (b == ' ') {
                i = afterSpaces(i);
            }
            else if (b == '\n' || b == '\r' || b == '\t') {
                i++;
            }
            else {
                break;
            }
        }
        pos = i;
    }

    /** The index of the first byte at or after {@code i} that is not a space. */
    private int afterSpaces(int i) {
        int limit = json.length - Long.BYTES;
        while (i <= limit) {
            long other = (long) LONGS.get(json, i) ^ SPACES;
            if (other != 0) {
                return i + (Long.numberOfTrailingZeros(other) >>> 3);
            }
            i += Long.BYTES;
        }
        while (i < json.length && json[i] == ' ') {
            i++;
        }
        return i;
    }

    private int peek() {
        return pos < json.length ? json[pos] : -1;
    }

    private byte next() {
        return byteAt(pos++);
    }

    private byte byteAt(int i) {
        if (i >= json.length) {
            throw GIVE_UP;
        }
        return json[i];
    }
}
