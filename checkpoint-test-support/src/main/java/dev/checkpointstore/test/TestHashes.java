package dev.checkpointstore.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import dev.checkpointstore.core.StateChecksum;

/**
 * FORMAT.md's checksum rules written out independently of {@link StateChecksum}, so tests do not
 * check the code against itself.
 */
public final class TestHashes {

    private TestHashes() {
    }

    /**
     * SHA-256 of byte arrays, one after the other.
     *
     * @param parts the byte arrays
     * @return the lowercase hex SHA-256
     */
    public static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
        catch (NoSuchAlgorithmException ex) {
            throw new AssertionError(ex);
        }
    }

    /**
     * {@code inline_hash}: name, 0x00, state_b64, 0x00 for each inline operator, by UTF-8 order of
     * the name (for the names the tests use, String order is the same).
     *
     * @param inlineStatesB64 operator name to state_b64 (null allowed)
     * @return the hex digest
     */
    public static String inlineHash(Map<String, String> inlineStatesB64) {
        StringBuilder data = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(inlineStatesB64).entrySet()) {
            data.append(e.getKey()).append('\0');
            if (e.getValue() != null) {
                data.append(e.getValue());
            }
            data.append('\0');
        }
        return sha256(data.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The mixed-shape checksum: sha256(inline_hash as ASCII hex || sidecar).
     *
     * @param inlineHash the inline hash
     * @param sidecar the sidecar bytes
     * @return the hex digest
     */
    public static String mixed(String inlineHash, byte[] sidecar) {
        return sha256(inlineHash.getBytes(StandardCharsets.US_ASCII), sidecar);
    }
}
