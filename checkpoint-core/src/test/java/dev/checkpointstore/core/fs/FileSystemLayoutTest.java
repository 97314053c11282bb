package dev.checkpointstore.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The names of the filesystem layout.
 */
class FileSystemLayoutTest {

    @Test
    void directoryNamesArePaddedToSixDigits() {
        assertThat(FileSystemLayout.directoryName(1)).isEqualTo("checkpoint_000001");
        assertThat(FileSystemLayout.directoryName(999_999)).isEqualTo("checkpoint_999999");
        assertThat(FileSystemLayout.directoryName(1_000_000)).isEqualTo("checkpoint_1000000");
        assertThat(FileSystemLayout.directoryName(Long.MAX_VALUE)).isEqualTo("checkpoint_9223372036854775807");
        assertThat(FileSystemLayout.directoryName(Long.MIN_VALUE)).isEqualTo("checkpoint_9223372036854775808");
        assertThat(FileSystemLayout.directoryName(-1)).isEqualTo("checkpoint_18446744073709551615");
    }

    @Test
    void canonicalNamesParseBack() {
        for (long id : new long[] {1, 42, 999_999, 1_000_000, 1_234_567_890_123L, Long.MAX_VALUE, Long.MIN_VALUE, -1}) {
            assertThat(FileSystemLayout.parseDirectoryName(FileSystemLayout.directoryName(id))).hasValue(id);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint_3", "checkpoint_00003", "checkpoint_0000003", "checkpoint_+3",
        "checkpoint_000000000000000000000000003"})
    void everyPaddingOfADecimalNamesItsCheckpointAsInLaminarDb(String name) {
        assertThat(FileSystemLayout.parseDirectoryName(name)).hasValue(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint_abc", "checkpoint_", "checkpoint_+", "checkpoint_-00001", "checkpoint_++1",
        "checkpoint_00000a", "checkpoint_\u0661\u0662\u0663\u0664\u0665\u0666", "checkpoint_18446744073709551616",
        "checkpoint_99999999999999999999", "Checkpoint_000001", "checkpoint_000001.tmp", " checkpoint_000001",
        "checkpoint_ 1", "checkpoint_1 ", "latest.txt", "notes", ""})
    void otherNamesDoNotNameACheckpoint(String name) {
        assertThat(FileSystemLayout.parseDirectoryName(name)).isEmpty();
    }

    @Test
    void latestPointerIsTrimmed() {
        assertThat(FileSystemLayout.parseLatest("checkpoint_000002")).hasValue(2);
        assertThat(FileSystemLayout.parseLatest("checkpoint_000002\n")).hasValue(2);
        assertThat(FileSystemLayout.parseLatest(" \t checkpoint_1234567 \r\n")).hasValue(1_234_567);
        assertThat(FileSystemLayout.parseLatest("")).isEmpty();
        assertThat(FileSystemLayout.parseLatest("   \n")).isEmpty();
        assertThat(FileSystemLayout.parseLatest("checkpoint_000002 checkpoint_000003")).isEmpty();
        assertThat(FileSystemLayout.parseLatest("checkpoint_3\n")).hasValue(3);
        assertThat(new String(FileSystemLayout.latestContent(2), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("checkpoint_000002");
    }

    @Test
    void pathsFollowTheLayout() {
        FileSystemLayout layout = new FileSystemLayout(Path.of("/data/cp/./x/.."));

        assertThat(layout.baseDir()).isEqualTo(Path.of("/data/cp"));
        assertThat(layout.checkpointsDir()).isEqualTo(Path.of("/data/cp/checkpoints"));
        assertThat(layout.manifest(7)).isEqualTo(Path.of("/data/cp/checkpoints/checkpoint_000007/manifest.json"));
        assertThat(layout.state(7)).isEqualTo(Path.of("/data/cp/checkpoints/checkpoint_000007/state.bin"));
        assertThat(layout.latest()).isEqualTo(Path.of("/data/cp/checkpoints/latest.txt"));
        assertThat(FileSystemLayout.tmp(layout.state(7)))
                .isEqualTo(Path.of("/data/cp/checkpoints/checkpoint_000007/state.bin.tmp"));
    }
}
