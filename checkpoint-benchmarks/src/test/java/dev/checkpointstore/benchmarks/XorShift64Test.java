package dev.checkpointstore.benchmarks;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class XorShift64Test {

    @Test
    void producesMarsagliasSequenceFromLaminarDbsSeed() {
        XorShift64 random = new XorShift64(XorShift64.DEFAULT_SEED);
        assertThat(random.nextLong()).isEqualTo(0x27dc5c1b2d04284bL);
        assertThat(random.nextLong()).isEqualTo(0xa29639727aeb52dbL);
        assertThat(random.nextLong()).isEqualTo(0x68f59be1ebed52beL);
    }

    @Test
    void emitsEachStateAsLittleEndianBytes() {
        byte[] bytes = new XorShift64(XorShift64.DEFAULT_SEED).nextBytes(8);
        assertThat(bytes).containsExactly(0x4b, 0x28, 0x04, 0x2d, 0x1b, 0x5c, 0xdc, 0x27);
    }

    @Test
    void fillsTailsShorterThanALongAndKeepsTheBuffersOrder() {
        ByteBuffer buffer = ByteBuffer.allocate(11);
        new XorShift64(XorShift64.DEFAULT_SEED).fill(buffer);
        assertThat(buffer.position()).isEqualTo(11);
        assertThat(buffer.order()).isEqualTo(java.nio.ByteOrder.BIG_ENDIAN);
        byte[] longer = new XorShift64(XorShift64.DEFAULT_SEED).nextBytes(16);
        assertThat(java.util.Arrays.copyOf(buffer.array(), 8)).isEqualTo(java.util.Arrays.copyOf(longer, 8));
        assertThat(java.util.Arrays.copyOfRange(buffer.array(), 8, 11)).isEqualTo(java.util.Arrays.copyOfRange(longer, 8, 11));
    }

    @Test
    void outputDoesNotCompress() {
        byte[] data = new XorShift64(7).nextBytes(1 << 20);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        byte[] out = new byte[data.length + 1024];
        int compressed = deflater.deflate(out);
        deflater.end();
        assertThat(compressed).isGreaterThan(data.length * 99 / 100);
    }

    @Test
    void refusesZeroSeed() {
        assertThatIllegalArgumentException().isThrownBy(() -> new XorShift64(0)).withMessageContaining("seed");
    }
}
