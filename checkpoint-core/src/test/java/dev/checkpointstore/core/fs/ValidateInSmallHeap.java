package dev.checkpointstore.core.fs;

import java.nio.file.Path;

import dev.checkpointstore.core.ValidationResult;

/**
 * The child of {@link LargeSidecarMemoryTest}: validates one checkpoint and reads its last
 * operator's slice, then prints the outcome and the heap it ran in.
 */
public final class ValidateInSmallHeap {

    private ValidateInSmallHeap() {
    }

    /**
     * Validates.
     *
     * @param args the base directory, the checkpoint id and the operator to read
     */
    public static void main(String[] args) {
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(Path.of(args[0])).build();
        long id = Long.parseLong(args[1]);
        ValidationResult result = store.validateCheckpoint(id);
        byte[] slice = store.loadOperatorState(id, args[2]).orElseThrow();
        System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
        System.out.println("valid=" + result.valid());
        System.out.println("issues=" + result.issues());
        System.out.println("slice=" + slice.length + ":" + slice[slice.length - 1]);
    }
}
