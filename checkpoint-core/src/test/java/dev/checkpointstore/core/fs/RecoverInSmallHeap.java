package dev.checkpointstore.core.fs;

import java.nio.file.Path;

import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.SkippedCheckpoint;

/** Child JVM: recovers a filesystem store and prints the walk. Arguments: the base directory. */
public final class RecoverInSmallHeap {

    private RecoverInSmallHeap() {
    }

    public static void main(String[] args) {
        RecoveryReport report = FileSystemCheckpointStore.builder(Path.of(args[0])).build().recoverLatestValidated();
        System.out.println("chosen=" + (report.chosenId().isPresent() ? report.chosenId().getAsLong() : "none"));
        for (SkippedCheckpoint skipped : report.skipped()) {
            String reason = skipped.reason();
            System.out.println("skipped " + skipped.id() + ": " + reason.substring(0, Math.min(200, reason.length())));
        }
        System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
