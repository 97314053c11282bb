package dev.checkpointstore.core.fs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

import dev.checkpointstore.core.CheckpointIds;

/**
 * The names of LaminarDB's filesystem layout, in one place:
 *
 * <pre>
 * {base-dir}/checkpoints/
 *   checkpoint_000001/manifest.json   the manifest
 *   checkpoint_000001/state.bin       optional sidecar
 *   latest.txt                        "checkpoint_000001", trimmed on read
 * </pre>
 *
 * <p>A checkpoint directory is written as {@code checkpoint_} and the id zero-padded to at least
 * six digits. Like LaminarDB, every directory named {@code checkpoint_} and an unsigned decimal
 * ({@link CheckpointIds#parse}) counts as that id, whatever its padding: {@code checkpoint_3} is
 * id 3, though its manifest is looked up at {@code checkpoint_000003}, where LaminarDB looks too.
 * {@code checkpoint_abc}, {@code checkpoint_-1} and every other entry are not checkpoints, and every
 * operation ignores them. Files are published as {@code X.tmp} and renamed over {@code X}.
 */
public final class FileSystemLayout {

    /** The directory under the base directory that holds everything. */
    public static final String CHECKPOINTS_DIR = "checkpoints";

    /** A checkpoint's manifest. */
    public static final String MANIFEST_FILE = "manifest.json";

    /** A checkpoint's sidecar. */
    public static final String STATE_FILE = "state.bin";

    /** The latest pointer, in the checkpoints directory. */
    public static final String LATEST_FILE = "latest.txt";

    /** The suffix of a file being published. */
    public static final String TMP_SUFFIX = ".tmp";

    /**
     * The file whose lock serializes moves of the latest pointer across processes. LaminarDB
     * ignores it as it ignores any entry that does not name a checkpoint.
     */
    public static final String LATEST_LOCK_FILE = "latest.txt.lock";

    private static final String DIR_PREFIX = "checkpoint_";

    private static final String MANIFEST_TMP = MANIFEST_FILE + TMP_SUFFIX;

    private static final String STATE_TMP = STATE_FILE + TMP_SUFFIX;

    private final Path baseDir;
    private final Path checkpointsDir;

    /**
     * The layout under a base directory.
     *
     * @param baseDir the base directory
     */
    public FileSystemLayout(Path baseDir) {
        this.baseDir = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath().normalize();
        this.checkpointsDir = this.baseDir.resolve(CHECKPOINTS_DIR);
    }

    /**
     * The base directory.
     *
     * @return the base directory, absolute and normalized
     */
    public Path baseDir() {
        return baseDir;
    }

    /**
     * The directory that holds the checkpoints and the latest pointer.
     *
     * @return {@code {base-dir}/checkpoints}
     */
    public Path checkpointsDir() {
        return checkpointsDir;
    }

    /**
     * A checkpoint's directory.
     *
     * @param checkpointId the checkpoint
     * @return {@code checkpoints/checkpoint_NNNNNN}
     */
    public Path checkpointDir(long checkpointId) {
        return checkpointsDir.resolve(directoryName(checkpointId));
    }

    /**
     * A checkpoint's manifest.
     *
     * @param checkpointId the checkpoint
     * @return its {@code manifest.json}
     */
    public Path manifest(long checkpointId) {
        return checkpointDir(checkpointId).resolve(MANIFEST_FILE);
    }

    /**
     * A checkpoint's sidecar.
     *
     * @param checkpointId the checkpoint
     * @return its {@code state.bin}
     */
    public Path state(long checkpointId) {
        return checkpointDir(checkpointId).resolve(STATE_FILE);
    }

    /**
     * The latest pointer.
     *
     * @return {@code checkpoints/latest.txt}
     */
    public Path latest() {
        return checkpointsDir.resolve(LATEST_FILE);
    }

    /**
     * The lock file that serializes moves of the latest pointer across processes.
     *
     * @return {@code checkpoints/latest.txt.lock}
     */
    public Path latestLock() {
        return checkpointsDir.resolve(LATEST_LOCK_FILE);
    }

    /**
     * Where a file is written before it is renamed into place.
     *
     * @param target the file
     * @return {@code target.tmp}
     */
    public static Path tmp(Path target) {
        return target.resolveSibling(target.getFileName() + TMP_SUFFIX);
    }

    /**
     * A checkpoint's file and its temp file, resolved once against its directory, for a write.
     *
     * @param directory the checkpoint's directory
     * @param file the file, {@code directory/name}
     * @param tmp its temp file, {@code directory/name.tmp}
     */
    public record CheckpointFile(Path directory, Path file, Path tmp) {
    }

    /**
     * A checkpoint's manifest with its temp file.
     *
     * @param checkpointId the checkpoint
     * @return {@code checkpoint_N/manifest.json} and {@code manifest.json.tmp}
     */
    public CheckpointFile manifestFile(long checkpointId) {
        return file(checkpointId, MANIFEST_FILE, MANIFEST_TMP);
    }

    /**
     * A checkpoint's sidecar with its temp file.
     *
     * @param checkpointId the checkpoint
     * @return {@code checkpoint_N/state.bin} and {@code state.bin.tmp}
     */
    public CheckpointFile stateFile(long checkpointId) {
        return file(checkpointId, STATE_FILE, STATE_TMP);
    }

    private CheckpointFile file(long checkpointId, String name, String tmpName) {
        Path directory = checkpointDir(checkpointId);
        return new CheckpointFile(directory, directory.resolve(name), directory.resolve(tmpName));
    }

    /**
     * A checkpoint's directory name.
     *
     * @param checkpointId the id, unsigned
     * @return {@code checkpoint_} and the id zero-padded to at least six digits
     */
    public static String directoryName(long checkpointId) {
        return DIR_PREFIX + CheckpointIds.padded(checkpointId);
    }

    /**
     * The id a directory name stands for.
     *
     * @param name a directory entry's name
     * @return the id, or empty when the name is not {@code checkpoint_} and an unsigned decimal
     */
    public static OptionalLong parseDirectoryName(String name) {
        return name.startsWith(DIR_PREFIX) ? CheckpointIds.parse(name.substring(DIR_PREFIX.length()))
                : OptionalLong.empty();
    }

    /**
     * The content of {@code latest.txt} naming a checkpoint.
     *
     * @param checkpointId the id
     * @return the bytes of its directory name, no newline
     */
    public static byte[] latestContent(long checkpointId) {
        return directoryName(checkpointId).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The id {@code latest.txt} names.
     *
     * @param content the file's text
     * @return the id, or empty when the trimmed text is empty or not a checkpoint directory name
     *     (padded or not: {@code checkpoint_3} names checkpoint 3, as in LaminarDB)
     */
    public static OptionalLong parseLatest(String content) {
        return parseDirectoryName(content.strip());
    }
}
