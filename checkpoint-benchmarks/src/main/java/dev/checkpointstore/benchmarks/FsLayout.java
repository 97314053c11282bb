package dev.checkpointstore.benchmarks;

import java.nio.file.Path;

/**
 * The filesystem layout of FORMAT.md, as far as the baselines need it: they read and write the
 * same files the store does.
 */
public final class FsLayout {

    private FsLayout() {
    }

    /**
     * The {@code checkpoints} directory under a store's base directory.
     * @param baseDir the base directory
     * @return {@code baseDir/checkpoints}
     */
    public static Path checkpointsDir(Path baseDir) {
        return baseDir.resolve("checkpoints");
    }

    /**
     * A checkpoint's directory.
     * @param baseDir the base directory
     * @param checkpointId the id
     * @return {@code baseDir/checkpoints/checkpoint_NNNNNN}
     */
    public static Path checkpointDir(Path baseDir, long checkpointId) {
        return checkpointsDir(baseDir).resolve(dirName(checkpointId));
    }

    /**
     * A checkpoint directory's name.
     * @param checkpointId the id
     * @return {@code checkpoint_} and the id zero-padded to 6 digits
     */
    public static String dirName(long checkpointId) {
        return String.format("checkpoint_%06d", checkpointId);
    }

    /**
     * A checkpoint's manifest.
     * @param baseDir the base directory
     * @param checkpointId the id
     * @return its {@code manifest.json}
     */
    public static Path manifestFile(Path baseDir, long checkpointId) {
        return checkpointDir(baseDir, checkpointId).resolve("manifest.json");
    }

    /**
     * A checkpoint's sidecar.
     * @param baseDir the base directory
     * @param checkpointId the id
     * @return its {@code state.bin}
     */
    public static Path stateFile(Path baseDir, long checkpointId) {
        return checkpointDir(baseDir, checkpointId).resolve("state.bin");
    }

    /**
     * The latest pointer.
     * @param baseDir the base directory
     * @return {@code baseDir/checkpoints/latest.txt}
     */
    public static Path latestFile(Path baseDir) {
        return checkpointsDir(baseDir).resolve("latest.txt");
    }
}
