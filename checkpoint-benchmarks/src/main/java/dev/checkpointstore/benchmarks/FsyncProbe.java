package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ManifestCodec;

/**
 * A JMH-independent program that performs one kind of save a given number of times, so that
 * {@link StraceFsyncCounter} can count the fsyncs it makes from outside the JVM. One save is made
 * before the counted ones, so one-time work (creating the {@code checkpoints} directory) is not
 * counted.
 *
 * <p>Usage: {@code FsyncProbe <operation> <count> <directory>}, operation one of
 * {@code save}, {@code handDonePublish}, {@code handDonePublishStrict}, {@code saveWithState},
 * {@code gatherWrite}.
 */
public final class FsyncProbe {

    /** Sidecar size of the {@code saveWithState} and {@code gatherWrite} operations. */
    public static final int STATE_BYTES = 1024 * 1024;

    /** Manifest shape of every operation. */
    public static final String SHAPE = "10x10";

    private FsyncProbe() {
    }

    /** The operations the probe can repeat. */
    public enum Operation {
        /** {@code store.save} of a realistic manifest. */
        SAVE,
        /** The same manifest bytes published by hand ({@link HandDonePublish}). */
        HAND_DONE_PUBLISH,
        /** The same bytes published by hand with the fifth fsync ({@link HandDonePublish#publishCheckpointStrict}). */
        HAND_DONE_PUBLISH_STRICT,
        /** {@code store.saveWithState} with a 1 MiB sidecar in 8 chunks. */
        SAVE_WITH_STATE,
        /** The same chunks written raw ({@link RawIo#gatherWriteAndForce}). */
        GATHER_WRITE,
        /** The same checkpoint with its sidecar published by hand ({@link HandDonePublish#publishCheckpointWithState}). */
        HAND_DONE_PUBLISH_WITH_STATE;

        /**
         * The operation a command-line name means.
         * @param name the {@link #cliName()} of an operation
         * @return the operation
         */
        public static Operation parse(String name) {
            for (Operation op : values()) {
                if (op.cliName().equals(name)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown operation '" + name
                    + "', expected save, handDonePublish, handDonePublishStrict, saveWithState, gatherWrite or"
                    + " handDonePublishWithState");
        }

        /** @return the command-line name */
        public String cliName() {
            String[] words = name().toLowerCase(Locale.ROOT).split("_");
            StringBuilder sb = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
            return sb.toString();
        }
    }

    /**
     * Runs the probe.
     * @param args operation, count, directory
     * @throws IOException when an operation fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException(
                    "usage: FsyncProbe <save|handDonePublish|handDonePublishStrict|saveWithState|gatherWrite"
                    + "|handDonePublishWithState> <count> <directory>");
        }
        run(Operation.parse(args[0]), Integer.parseInt(args[1]), Path.of(args[2]));
    }

    /**
     * Performs one uncounted and then {@code count} counted operations in a directory.
     * @param operation what to repeat
     * @param count how many times after the first
     * @param dir an empty directory
     * @throws IOException when an operation fails
     */
    public static void run(Operation operation, int count, Path dir) throws IOException {
        RealisticManifests manifests = RealisticManifests.parse(SHAPE);
        List<ByteBuffer> state = StateData.heapChunks(STATE_BYTES, 8, XorShift64.DEFAULT_SEED);
        Path storeDir = dir.resolve("store");
        CheckpointStore store = Stores.filesystem(storeDir);
        Path checkpoints = Files.createDirectories(FsLayout.checkpointsDir(dir.resolve("baseline")));
        byte[] json = ManifestCodec.encode(manifests.manifest(1));
        for (long id = 1; id <= count + 1L; id++) {
            switch (operation) {
                case SAVE -> store.save(manifests.manifest(id));
                case HAND_DONE_PUBLISH -> HandDonePublish.publishCheckpoint(checkpoints, id, json);
                case HAND_DONE_PUBLISH_STRICT -> HandDonePublish.publishCheckpointStrict(checkpoints, id, json);
                case SAVE_WITH_STATE -> store.saveWithState(manifests.manifestWithSidecar(id, state), state);
                case GATHER_WRITE -> RawIo.gatherWriteAndForce(checkpoints.resolve("state-" + id + ".bin"), state);
                case HAND_DONE_PUBLISH_WITH_STATE -> HandDonePublish.publishCheckpointWithState(checkpoints, id, state,
                        json);
            }
        }
    }
}
