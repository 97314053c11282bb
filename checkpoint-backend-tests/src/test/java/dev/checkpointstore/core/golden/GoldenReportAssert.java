package dev.checkpointstore.core.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointSummary;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.ValidationResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts the questions of {@code oracle report} to a Java store and checks it answers as LaminarDB
 * did: the ids, the summaries, the latest manifest, the recovery walk, and per checkpoint the
 * manifest (as JSON and as LaminarDB's canonical bytes), its inline states, its validation and its
 * sidecar. Messages of corrupt manifests are compared up to {@code corrupt manifest: } (the parser's
 * own words follow).
 */
public final class GoldenReportAssert {

    private static final String CORRUPT = "corrupt manifest: ";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GoldenReportAssert() {
    }

    /**
     * Asserts that a store holding a tree answers as the expected report says.
     *
     * @param store the store
     * @param expected the report ({@link GoldenTree#expected()})
     */
    public static void assertAgrees(CheckpointStore store, ObjectNode expected) {
        assertThat(ids(store.listIds())).as("list_ids").isEqualTo(expected.get("list_ids"));
        assertThat(summaries(store.list())).as("list").isEqualTo(expected.get("list"));
        assertThat(latest(store)).as("latest").isEqualTo(expected.get("latest"));
        assertRecovery(store.recoverLatestValidated(), expected.get("recover"));
        for (Map.Entry<String, JsonNode> checkpoint : expected.get("checkpoints").properties()) {
            long id = Long.parseUnsignedLong(checkpoint.getKey());
            JsonNode answers = checkpoint.getValue();
            String what = "checkpoint " + checkpoint.getKey();
            assertThat(dump(store, id)).as(what + " dump").isEqualTo(answers.get("dump"));
            assertValidation(store.validateCheckpoint(id), answers.get("validate"), what);
            assertThat(state(store, id)).as(what + " state").isEqualTo(answers.get("state"));
            assertCanonical(store, id, answers.get("canon"), what);
        }
    }

    private static ArrayNode ids(List<Long> ids) {
        ArrayNode array = NODES.arrayNode();
        ids.forEach(id -> array.add(unsigned(id)));
        return array;
    }

    private static JsonNode unsigned(long value) {
        return GoldenTree.JSON.readTree(Long.toUnsignedString(value));
    }

    private static ArrayNode summaries(List<CheckpointSummary> summaries) {
        ArrayNode array = NODES.arrayNode();
        summaries.forEach(s -> array.add(NODES.arrayNode().add(unsigned(s.id())).add(unsigned(s.epoch()))));
        return array;
    }

    private static JsonNode latest(CheckpointStore store) {
        return answer(() -> {
            ObjectNode node = NODES.objectNode();
            Optional<CheckpointManifest> latest = store.loadLatest();
            node.set("checkpoint_id", latest.isPresent() ? unsigned(latest.get().checkpointId()) : NODES.nullNode());
            return node;
        });
    }

    private static void assertRecovery(RecoveryReport report, JsonNode expected) {
        JsonNode chosen = report.chosenId().isPresent() ? unsigned(report.chosenId().getAsLong()) : NODES.nullNode();
        assertThat(chosen).as("recover chosen_id").isEqualTo(expected.get("chosen_id"));
        assertThat(report.examined()).as("recover examined").isEqualTo(expected.get("examined").asInt());
        JsonNode skipped = expected.get("skipped");
        assertThat(report.skipped()).as("recover skipped").hasSize(skipped.size());
        for (int i = 0; i < skipped.size(); i++) {
            assertThat(unsigned(report.skipped().get(i).id())).as("skipped id").isEqualTo(skipped.get(i).get("id"));
            assertMessage(report.skipped().get(i).reason(), skipped.get(i).get("reason").asString(), "skip reason");
        }
    }

    private static JsonNode dump(CheckpointStore store, long id) {
        return answer(() -> {
            Optional<CheckpointManifest> manifest = store.loadById(id);
            ObjectNode node = NODES.objectNode();
            node.put("found", manifest.isPresent());
            manifest.ifPresent(m -> {
                node.set("manifest", GoldenTree.JSON.readTree(ManifestCodec.encode(m)));
                ObjectNode inline = node.putObject("decode_inline");
                m.operatorStates().forEach((name, op) -> inline.set(name, decoded(op)));
            });
            return node;
        });
    }

    private static JsonNode decoded(OperatorCheckpoint op) {
        try {
            return op.decodeInline().<JsonNode>map(bytes -> NODES.objectNode().put("len", bytes.length)
                    .put("sha256", sha256(bytes))).orElse(NODES.nullNode());
        }
        catch (CorruptCheckpointException ex) {
            return NODES.nullNode();
        }
    }

    private static void assertValidation(ValidationResult result, JsonNode expected, String what) {
        assertThat(unsigned(result.checkpointId())).as(what + " validate checkpoint_id")
                .isEqualTo(expected.get("checkpoint_id"));
        assertThat(result.valid()).as(what + " valid").isEqualTo(expected.get("valid").asBoolean());
        JsonNode issues = expected.get("issues");
        assertThat(result.issues()).as(what + " issues").hasSize(issues.size());
        for (int i = 0; i < issues.size(); i++) {
            assertThat(result.issues().get(i).fatal()).as(what + " issue fatal").isEqualTo(issues.get(i).get("fatal").asBoolean());
            assertMessage(result.issues().get(i).message(), issues.get(i).get("message").asString(), what + " issue");
        }
    }

    private static JsonNode state(CheckpointStore store, long id) {
        return answer(() -> {
            Optional<byte[]> state = store.loadStateData(id);
            ObjectNode node = NODES.objectNode().put("present", state.isPresent());
            state.ifPresent(bytes -> node.put("len", bytes.length).put("sha256", sha256(bytes)));
            return node;
        });
    }

    private static void assertCanonical(CheckpointStore store, long id, JsonNode expected, String what) {
        if (expected.has("canon")) {
            String written = new String(ManifestCodec.encode(store.loadById(id).orElseThrow()), StandardCharsets.UTF_8);
            assertThat(written).as(what + ": the Java codec writes LaminarDB's canonical bytes")
                    .isEqualTo(expected.get("canon").asString());
        }
    }

    private static void assertMessage(String actual, String expected, String what) {
        if (expected.startsWith(CORRUPT)) {
            assertThat(actual).as(what).startsWith(CORRUPT);
        }
        else {
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    /** A read's answer, or {@code {"error": "corrupt"}} when it finds a corrupt manifest. */
    private static JsonNode answer(Supplier<JsonNode> read) {
        try {
            return read.get();
        }
        catch (CorruptCheckpointException ex) {
            return NODES.objectNode().put("error", "corrupt");
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
