package dev.checkpointstore.core;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629: shortest forms only, no surrogates, nothing
 * above U+10FFFF), as Rust's {@code str::from_utf8} does before LaminarDB parses a manifest.
 */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Checks bytes.
     * @param bytes the bytes
     * @throws CorruptCheckpointException naming the offset of the first byte that is not UTF-8
     */
    static void check(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xFF;
            int length;
            int min;
            int max = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
                min = 0x80;
            }
            else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                min = lead == 0xE0 ? 0xA0 : 0x80;
                max = lead == 0xED ? 0x9F : 0xBF;
            }
            else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                min = lead == 0xF0 ? 0x90 : 0x80;
                max = lead == 0xF4 ? 0x8F : 0xBF;
            }
            else {
                throw invalid(i);
            }
            if (i + length > n) {
                throw invalid(i);
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min || second > max) {
                throw invalid(i);
            }
            for (int k = 2; k < length; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    throw invalid(i);
                }
            }
            i += length;
        }
    }

    private static CorruptCheckpointException invalid(int offset) {
        return new CorruptCheckpointException("not valid UTF-8 at byte " + offset);
    }
}
