package dev.checkpointstore.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StateDataTest {

    @TempDir
    Path dir;

    @Test
    void splitsEvenlyOnEightByteBoundariesWithTheRemainderLast() {
        assertThat(StateData.split(1024, 8)).containsExactly(128, 128, 128, 128, 128, 128, 128, 128);
        assertThat(StateData.split(1000, 3)).containsExactly(328, 328, 344);
        assertThat(StateData.split(5, 8)).containsExactly(0, 0, 0, 0, 0, 0, 0, 5);
    }

    @Test
    void heapChunksAreReadyToReadAndHoldOneContinuousStream() {
        List<ByteBuffer> chunks = StateData.heapChunks(3 * 1024 * 1024, 8, 42);
        assertThat(chunks).hasSize(8).allSatisfy(c -> assertThat(c.position()).isZero());
        assertThat(concat(chunks)).isEqualTo(new XorShift64(42).nextBytes(3 * 1024 * 1024));
    }

    @Test
    void fileAndMappedChunksHoldTheSameBytesAsHeapChunks() throws Exception {
        Path file = dir.resolve("state.bin");
        StateData.writeFile(file, 2 * 1024 * 1024 + 24, 42);
        byte[] expected = concat(StateData.heapChunks(2 * 1024 * 1024 + 24, 8, 42));
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
        List<ByteBuffer> mapped = StateData.mappedChunks(file, 8);
        assertThat(mapped).hasSize(8).allSatisfy(c -> assertThat(c.isDirect()).isTrue());
        assertThat(concat(mapped)).isEqualTo(expected);
    }

    @Test
    void parsesBinarySizes() {
        assertThat(StateData.parseSize("1KiB")).isEqualTo(1024);
        assertThat(StateData.parseSize("100MiB")).isEqualTo(100L * 1024 * 1024);
        assertThat(StateData.parseSize("1GiB")).isEqualTo(1L << 30);
        assertThat(StateData.parseSize("4096")).isEqualTo(4096);
        assertThatIllegalArgumentException().isThrownBy(() -> StateData.parseSize("10MB")).withMessageContaining("'10MB'");
        assertThatIllegalArgumentException().isThrownBy(() -> StateData.parseSize("-1KiB"));
    }

    @Test
    void refusesBadSplits() {
        assertThatIllegalArgumentException().isThrownBy(() -> StateData.split(-1, 8)).withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> StateData.split(10, 0)).withMessageContaining("chunk count");
    }

    static byte[] concat(List<ByteBuffer> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer chunk : chunks) {
            ByteBuffer view = chunk.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
