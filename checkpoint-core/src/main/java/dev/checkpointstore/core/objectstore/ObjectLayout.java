package dev.checkpointstore.core.objectstore;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import dev.checkpointstore.core.CheckpointIds;
import dev.checkpointstore.core.CorruptCheckpointException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The object layout of LaminarDB's object-store checkpoints under a prefix: every key, the parsing
 * of ids out of listed keys, and the {@code latest.json} pointer document.
 *
 * <pre>
 * {prefix}manifests/manifest-000001.json
 * {prefix}manifests/latest.json          {"checkpoint_id": 2}
 * {prefix}checkpoints/state-000001.bin
 * </pre>
 *
 * Ids are written in decimal, zero-padded to at least six digits, and read as LaminarDB reads
 * them ({@link CheckpointIds#parse}: {@code manifest-7.json} is listed as checkpoint 7, whose
 * manifest is then looked up at {@code manifest-000007.json}). Keys in no such form are ignored
 * by every operation and never deleted, but for the store's own conditional-write probe objects,
 * {@code {prefix}.checkpoint-store-probe-*}.
 *
 * <p>Public for the other object-store backends (Azure Blob Storage), which share the layout.
 */
public final class ObjectLayout {

    private static final String MANIFESTS = "manifests/";
    private static final String MANIFEST_STEM = "manifest-";
    private static final String MANIFEST_SUFFIX = ".json";
    private static final String LATEST = "latest.json";
    private static final String STATES = "checkpoints/";
    private static final String STATE_STEM = "state-";
    private static final String STATE_SUFFIX = ".bin";
    private static final String POINTER_FIELD = "checkpoint_id";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final String prefix;

    /**
     * Creates the layout under a prefix.
     * @param prefix empty or ending with {@code /}
     * @throws IllegalArgumentException when the prefix is neither
     */
    public ObjectLayout(String prefix) {
        this.prefix = checkPrefix(prefix);
    }

    /**
     * Checks a prefix.
     * @param prefix the prefix
     * @return the prefix when it is empty or ends with {@code /}, and does not start with {@code /}
     * @throws IllegalArgumentException otherwise, naming it
     */
    public static String checkPrefix(String prefix) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must be empty or end with '/', was '" + prefix + "'");
        }
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must not start with '/', was '" + prefix + "'");
        }
        return prefix;
    }

    /** @return the prefix, empty or ending with {@code /} */
    public String prefix() {
        return prefix;
    }

    /**
     * @param checkpointId the checkpoint
     * @return the key of its manifest
     */
    public String manifestKey(long checkpointId) {
        return prefix + MANIFESTS + MANIFEST_STEM + CheckpointIds.padded(checkpointId) + MANIFEST_SUFFIX;
    }

    /**
     * @param checkpointId the checkpoint
     * @return the key of its sidecar
     */
    public String stateKey(long checkpointId) {
        return prefix + STATES + STATE_STEM + CheckpointIds.padded(checkpointId) + STATE_SUFFIX;
    }

    /** @return the key of the latest pointer */
    public String latestKey() {
        return prefix + MANIFESTS + LATEST;
    }

    /** @return the listing prefix under which every manifest key, and no pointer, lies */
    public String manifestListPrefix() {
        return prefix + MANIFESTS + MANIFEST_STEM;
    }

    /** @return the listing prefix under which every sidecar key lies */
    public String stateListPrefix() {
        return prefix + STATES + STATE_STEM;
    }

    /**
     * @param token a token unique to one probe
     * @return a key for the conditional-write probe, outside the checkpoint keys
     */
    public String probeKey(String token) {
        return probeListPrefix() + token;
    }

    /** @return the listing prefix under which every conditional-write probe key lies */
    public String probeListPrefix() {
        return prefix + ".checkpoint-store-probe-";
    }

    /**
     * The id a listed key names as a manifest.
     * @param key a key from a listing
     * @return the id, or empty when the key is not a manifest key in canonical form
     */
    public OptionalLong manifestId(String key) {
        return idOf(key, manifestListPrefix(), MANIFEST_SUFFIX);
    }

    /**
     * The id a listed key names as a sidecar.
     * @param key a key from a listing
     * @return the id, or empty when the key is not a sidecar key in canonical form
     */
    public OptionalLong stateId(String key) {
        return idOf(key, stateListPrefix(), STATE_SUFFIX);
    }

    /**
     * The pointer document naming a checkpoint, byte for byte as LaminarDB writes it.
     * @param checkpointId the id
     * @return {@code {"checkpoint_id": N}}, UTF-8
     */
    public static byte[] pointerJson(long checkpointId) {
        return ("{\"" + POINTER_FIELD + "\": " + Long.toUnsignedString(CheckpointIds.requireWritable(checkpointId)) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a pointer document leniently: any whitespace, fields in any order, unknown fields
     * ignored.
     * @param json the document
     * @param where its location, for messages
     * @return the id, or empty when the document is empty or blank
     * @throws CorruptCheckpointException when it is not an object with a positive integer {@code checkpoint_id}
     */
    public static OptionalLong parsePointer(byte[] json, String where) {
        if (new String(json, StandardCharsets.UTF_8).isBlank()) {
            return OptionalLong.empty();
        }
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw badPointer(where, "not a JSON object");
            }
            long id = 0;
            String field;
            while ((field = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                if (POINTER_FIELD.equals(field)) {
                    if (value != JsonToken.VALUE_NUMBER_INT) {
                        throw badPointer(where, "checkpoint_id is not an integer id");
                    }
                    OptionalLong parsed = CheckpointIds.parse(parser.getString());
                    if (parsed.isEmpty()) {
                        throw badPointer(where, "checkpoint_id " + parser.getString() + " is not an unsigned 64-bit id");
                    }
                    id = parsed.getAsLong();
                }
                else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw badPointer(where, "unexpected content after the object");
            }
            if (id == 0) {
                throw badPointer(where, "no checkpoint_id other than 0");
            }
            return OptionalLong.of(id);
        }
        catch (JacksonException ex) {
            throw new CorruptCheckpointException("corrupt latest pointer at " + where + ": " + ex.getOriginalMessage(), ex);
        }
    }

    private static CorruptCheckpointException badPointer(String where, String why) {
        return new CorruptCheckpointException("corrupt latest pointer at " + where + ": " + why);
    }

    private static OptionalLong idOf(String key, String stem, String suffix) {
        if (!key.startsWith(stem) || !key.endsWith(suffix) || key.length() < stem.length() + suffix.length()) {
            return OptionalLong.empty();
        }
        return CheckpointIds.parse(key.substring(stem.length(), key.length() - suffix.length()));
    }
}
