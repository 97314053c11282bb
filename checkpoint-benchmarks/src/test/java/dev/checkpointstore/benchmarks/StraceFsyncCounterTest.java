package dev.checkpointstore.benchmarks;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StraceFsyncCounterTest {

    @TempDir
    Path dir;

    @Test
    void parsesSuccessfulSyncsWithTheirPaths() {
        List<String> lines = List.of(
                "4711  fsync(12</data/checkpoints/checkpoint_000001/manifest.json.tmp>) = 0",
                "4711  fdatasync(13</data/checkpoints/state.bin.tmp>) = 0",
                "4712  fsync(14</data/checkpoints>) = 0",
                "4712  fsync(15</data/gone.tmp (deleted)>) = 0",
                "4713  fsync(16</data/x>) = -1 EIO (Input/output error)",
                "4713  +++ exited with 0 +++");
        assertThat(StraceFsyncCounter.parse(lines)).containsExactly(
                Path.of("/data/checkpoints/checkpoint_000001/manifest.json.tmp"),
                Path.of("/data/checkpoints/state.bin.tmp"), Path.of("/data/checkpoints"),
                Path.of("/data/gone.tmp (deleted)"));
    }

    @Test
    void countsExactlyTheFourSyncsOfTheHandDonePublish() throws Exception {
        assumeTrue(StraceFsyncCounter.available(), "strace is not available");
        StraceFsyncCounter counter = new StraceFsyncCounter(System.getProperty("java.class.path"), dir);

        StraceFsyncCounter.SyncCount count = counter.count(FsyncProbe.Operation.HAND_DONE_PUBLISH, 3);

        assertThat(count.files()).isEqualTo(2.0);
        assertThat(count.directories()).isEqualTo(2.0);
    }

    @Test
    void countsTheFifthSyncOfTheStrictPublishAsADirectory() throws Exception {
        assumeTrue(StraceFsyncCounter.available(), "strace is not available");
        StraceFsyncCounter counter = new StraceFsyncCounter(System.getProperty("java.class.path"), dir);

        StraceFsyncCounter.SyncCount count = counter.count(FsyncProbe.Operation.HAND_DONE_PUBLISH_STRICT, 3);

        assertThat(count.files()).isEqualTo(2.0);
        assertThat(count.directories()).isEqualTo(3.0);
    }

    @Test
    void countsTheStoresSevenSyncsForTheHandDonePublishWithState() throws Exception {
        assumeTrue(StraceFsyncCounter.available(), "strace is not available");
        StraceFsyncCounter counter = new StraceFsyncCounter(System.getProperty("java.class.path"), dir);

        StraceFsyncCounter.SyncCount publish = counter.count(FsyncProbe.Operation.HAND_DONE_PUBLISH_WITH_STATE, 3);
        StraceFsyncCounter.SyncCount store = counter.count(FsyncProbe.Operation.SAVE_WITH_STATE, 3);

        assertThat(publish.files()).isEqualTo(3.0).isEqualTo(store.files());
        assertThat(publish.directories()).isEqualTo(4.0).isEqualTo(store.directories());
    }

    @Test
    void countsOneSyncForTheRawWrite() throws Exception {
        assumeTrue(StraceFsyncCounter.available(), "strace is not available");
        StraceFsyncCounter counter = new StraceFsyncCounter(System.getProperty("java.class.path"), dir);

        StraceFsyncCounter.SyncCount count = counter.count(FsyncProbe.Operation.GATHER_WRITE, 3);

        assertThat(count.total()).isEqualTo(1.0);
        assertThat(count.directories()).isZero();
    }

    @Test
    void namesOperationsAsTheCommandLineDoes() {
        for (FsyncProbe.Operation op : FsyncProbe.Operation.values()) {
            assertThat(FsyncProbe.Operation.parse(op.cliName())).isEqualTo(op);
        }
        assertThat(FsyncProbe.Operation.HAND_DONE_PUBLISH.cliName()).isEqualTo("handDonePublish");
    }
}
