package dev.checkpointstore.core.golden;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the Java store answers differently from LaminarDB on purpose, each documented in the
 * README's "Deliberate differences from LaminarDB": the expected report of a tree is LaminarDB's
 * with exactly these changes.
 */
final class Deviations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Deviations() {
    }

    static void apply(String tree, ObjectNode report) {
        switch (tree) {
            case "deviation-id-mismatch" -> idMismatch(report);
            case "deviation-not-utf8" -> notUtf8(report);
            default -> {
            }
        }
    }

    /**
     * {@code checkpoint_000006} holds checkpoint 1's manifest. LaminarDB lists it as checkpoint 1
     * and recovers from it; the Java store names it after its location and skips it.
     */
    private static void idMismatch(ObjectNode report) {
        String reason = "manifest is checkpoint 1 but lies at 6";
        ObjectNode validate = checkpoint(report, "6").putObject("validate");
        validate.put("checkpoint_id", 6).put("valid", false);
        validate.putArray("issues").addObject().put("fatal", true).put("message", reason);
        ((ArrayNode) report.get("list")).set(5, NODES.arrayNode().add(6).add(1));
        ObjectNode recover = report.putObject("recover");
        recover.put("chosen_id", 5).put("examined", 6);
        recover.putArray("skipped").addObject().put("id", 6).put("reason", reason);
    }

    /**
     * Checkpoint 5's manifest is not UTF-8. LaminarDB's walk aborts with an I/O error; the Java
     * store reports the manifest as corrupt and recovers from checkpoint 4.
     */
    private static void notUtf8(ObjectNode report) {
        String reason = "corrupt manifest: ";
        ObjectNode five = checkpoint(report, "5");
        ObjectNode validate = five.putObject("validate");
        validate.put("checkpoint_id", 5).put("valid", false);
        validate.putArray("issues").addObject().put("fatal", true).put("message", reason);
        five.putObject("dump").put("error", "corrupt");
        five.putObject("canon").put("error", "corrupt");
        report.putObject("latest").put("error", "corrupt");
        ObjectNode recover = report.putObject("recover");
        recover.put("chosen_id", 4).put("examined", 5);
        recover.putArray("skipped").addObject().put("id", 5).put("reason", reason);
    }

    private static ObjectNode checkpoint(ObjectNode report, String id) {
        return (ObjectNode) report.get("checkpoints").get(id);
    }
}
