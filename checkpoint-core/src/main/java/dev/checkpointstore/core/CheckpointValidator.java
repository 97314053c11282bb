package dev.checkpointstore.core;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The validation rules of LaminarDB's {@code validate_checkpoint}: manifest presence and syntax,
 * field sanity (warnings) and the state checksum, recomputed by streaming the sidecar so that
 * memory use does not grow with its size. Issues come in LaminarDB's order: warnings, then the
 * checksum finding, then a zero epoch or id. One rule is ours: a manifest that names another
 * checkpoint than the one at whose location it lies (a manifest copied elsewhere) is fatal.
 */
public final class CheckpointValidator {

    /** Opens a checkpoint's sidecar, empty when it does not exist. */
    @FunctionalInterface
    public interface SidecarOpener {

        /**
         * Opens the sidecar.
         * @return a stream over {@code state.bin}, or empty when there is none
         * @throws IOException when the sidecar exists but cannot be opened
         */
        Optional<InputStream> open() throws IOException;
    }

    private final int expectedVnodeCount;

    /**
     * Creates a validator.
     * @param expectedVnodeCount the vnode count of the running system
     */
    public CheckpointValidator(int expectedVnodeCount) {
        this.expectedVnodeCount = expectedVnodeCount;
    }

    /**
     * Validates a checkpoint.
     * @param checkpointId the checkpoint
     * @param manifestJson its manifest's bytes, empty when the manifest does not exist
     * @param sidecar opens its sidecar
     * @return the result; a missing or unparseable manifest is a fatal issue, not an exception
     * @throws CheckpointIoException when reading the sidecar fails (an I/O error, not a finding)
     */
    public ValidationResult validate(long checkpointId, Optional<byte[]> manifestJson, SidecarOpener sidecar) {
        List<ValidationIssue> issues = new ArrayList<>();
        if (manifestJson.isEmpty()) {
            issues.add(ValidationIssue.fatal("manifest not found for checkpoint " + Long.toUnsignedString(checkpointId)));
            return ValidationResult.of(checkpointId, issues);
        }
        CheckpointManifest manifest;
        try {
            manifest = ManifestCodec.decode(manifestJson.get());
        }
        catch (CorruptCheckpointException ex) {
            issues.add(ValidationIssue.fatal("corrupt manifest: " + ex.getMessage()));
            return ValidationResult.of(checkpointId, issues);
        }
        return validate(checkpointId, manifest, sidecar);
    }

    /**
     * Validates a parsed manifest and its state, at the location of its own id.
     * @param manifest the manifest
     * @param sidecar opens its sidecar
     * @return the result
     */
    public ValidationResult validate(CheckpointManifest manifest, SidecarOpener sidecar) {
        return validate(manifest.checkpointId(), manifest, sidecar);
    }

    /**
     * Validates a parsed manifest and its state, read from the location of checkpoint
     * {@code checkpointId}.
     * @param checkpointId the checkpoint whose manifest this is, by its location
     * @param manifest the manifest
     * @param sidecar opens its sidecar
     * @return the result, for {@code checkpointId}
     */
    public ValidationResult validate(long checkpointId, CheckpointManifest manifest, SidecarOpener sidecar) {
        List<ValidationIssue> issues = new ArrayList<>();
        for (String warning : fieldWarnings(manifest)) {
            issues.add(ValidationIssue.warning("manifest validation: " + warning));
        }
        manifest.stateChecksum().ifPresent(expected -> checksumIssue(manifest, expected, sidecar).ifPresent(issues::add));
        if (manifest.epoch() == 0 || manifest.checkpointId() == 0) {
            issues.add(ValidationIssue.fatal("epoch or checkpoint_id is 0 \u2014 likely corrupted"));
        }
        if (manifest.checkpointId() != checkpointId) {
            issues.add(ValidationIssue.fatal("manifest is checkpoint " + Long.toUnsignedString(manifest.checkpointId())
                    + " but lies at " + Long.toUnsignedString(checkpointId)));
        }
        return ValidationResult.of(checkpointId, issues);
    }

    /**
     * The non-fatal findings about a manifest's fields, without the {@code manifest validation: } prefix.
     * @param manifest the manifest
     * @return the warnings, in LaminarDB's order
     */
    public List<String> fieldWarnings(CheckpointManifest manifest) {
        List<String> warnings = new ArrayList<>();
        if (manifest.version() == 0) {
            warnings.add("manifest version is 0");
        }
        if (manifest.checkpointId() == 0) {
            warnings.add("checkpoint_id is 0");
        }
        if (manifest.epoch() == 0) {
            warnings.add("epoch is 0");
        }
        if (manifest.timestampMs() == 0) {
            warnings.add("timestamp_ms is 0 (missing creation time)");
        }
        if (!manifest.sinkCommitStatuses().isEmpty()) {
            for (String sink : manifest.sinkEpochs().keySet()) {
                if (!manifest.sinkCommitStatuses().containsKey(sink)) {
                    warnings.add("sink '" + sink + "' has epoch but no commit status");
                }
            }
        }
        if (!manifest.sourceNames().isEmpty()) {
            for (String source : manifest.sourceOffsets().keySet()) {
                if (!manifest.sourceNames().contains(source)) {
                    warnings.add("source_offsets contains '" + source + "' not in source_names");
                }
            }
        }
        if (manifest.vnodeCount() == 0) {
            warnings.add("vnode_count is 0 (missing or legacy checkpoint)");
        }
        else if (manifest.vnodeCount() != expectedVnodeCount) {
            warnings.add("vnode_count mismatch: checkpoint has " + manifest.vnodeCount() + ", runtime expects "
                    + expectedVnodeCount);
        }
        return warnings;
    }

    private Optional<ValidationIssue> checksumIssue(CheckpointManifest manifest, String expected,
            SidecarOpener sidecar) {
        StateChecksum.Shape shape = StateChecksum.shapeOf(manifest);
        if (shape == StateChecksum.Shape.INLINE) {
            String actual = StateChecksum.inlineHash(manifest);
            return mismatch("inline state checksum mismatch", expected, actual);
        }
        MessageDigest digest = StateChecksum.sidecarDigest(manifest);
        String actual;
        try {
            Optional<InputStream> stream = sidecar.open();
            if (stream.isEmpty()) {
                return Optional.of(ValidationIssue.fatal("state.bin referenced by checksum but not found"));
            }
            try (InputStream in = stream.get()) {
                actual = StateChecksum.digestHex(digest, in);
            }
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot read state.bin of checkpoint " + manifest.checkpointId()
                    + ": " + ex.getMessage(), ex);
        }
        return mismatch(shape == StateChecksum.Shape.MIXED ? "mixed state checksum mismatch"
                : "state.bin checksum mismatch", expected, actual);
    }

    private static Optional<ValidationIssue> mismatch(String what, String expected, String actual) {
        if (expected.equals(actual)) {
            return Optional.empty();
        }
        return Optional.of(ValidationIssue.fatal(what + ": expected " + expected + ", got " + actual));
    }

}
