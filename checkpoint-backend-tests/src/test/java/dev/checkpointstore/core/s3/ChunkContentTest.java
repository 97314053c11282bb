package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChunkContentTest {

    private static final byte[] DATA = TestManifests.bytes("chunks", 1000);

    /** Views of DATA with non-zero positions, some empty, in a heap and a direct buffer. */
    private static List<ByteBuffer> chunks() {
        byte[] padded = new byte[DATA.length + 10];
        System.arraycopy(DATA, 0, padded, 5, DATA.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(400);
        direct.put(DATA, 300, 400).flip();
        return List.of(ByteBuffer.wrap(padded, 5, 1), ByteBuffer.wrap(padded, 6, 0), ByteBuffer.wrap(padded, 6, 299),
                direct, ByteBuffer.wrap(padded, 705, 300));
    }

    @Test
    void everyStreamReadsAllBytesAndLeavesTheChunksAlone() throws IOException {
        List<ByteBuffer> chunks = chunks();
        List<Integer> positions = chunks.stream().map(ByteBuffer::position).toList();
        ChunkContent content = new ChunkContent(chunks);

        assertThat(content.length()).isEqualTo(DATA.length);
        for (int i = 0; i < 2; i++) {
            try (InputStream in = content.newStream()) {
                assertThat(in.readAllBytes()).isEqualTo(DATA);
                assertThat(in.read()).isEqualTo(-1);
            }
        }
        try (InputStream in = content.newStream()) {
            assertThat(in.read()).isEqualTo(DATA[0] & 0xFF);
            assertThat(in.skip(500)).isEqualTo(500);
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(DATA, 501, DATA.length));
        }
        assertThat(chunks.stream().map(ByteBuffer::position).toList()).isEqualTo(positions);
    }

    @Test
    void slicesCutAcrossChunks() throws IOException {
        ChunkContent content = new ChunkContent(chunks());
        List<byte[]> parts = new ArrayList<>();
        for (long offset = 0; offset < DATA.length; offset += 333) {
            ChunkContent part = content.slice(offset, Math.min(333, DATA.length - offset));
            try (InputStream in = part.newStream()) {
                parts.add(in.readAllBytes());
            }
            assertThat(part.length()).isEqualTo(parts.get(parts.size() - 1).length);
        }
        byte[] joined = new byte[DATA.length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        assertThat(joined).isEqualTo(DATA);
        assertThat(content.slice(0, 0).length()).isZero();
    }
}
