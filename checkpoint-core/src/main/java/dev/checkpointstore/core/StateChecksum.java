package dev.checkpointstore.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code state_checksum} rules of LaminarDB's format, in one place.
 *
 * <p>{@code inline_hash} is the SHA-256 hex of {@code name || 0x00 || state_b64 || 0x00} for each
 * inline operator in UTF-8 order of its name. Which bytes a checksum covers depends on the
 * manifest's shape:
 * <ul>
 * <li>inline operators and no external ones: {@code inline_hash} (the sidecar is not read);</li>
 * <li>external operators and no inline ones, or no operators at all: {@code sha256(sidecar)};</li>
 * <li>both (mixed): {@code sha256(inline_hash as ASCII hex || sidecar)}.</li>
 * </ul>
 * {@link #stamp} writes the checksum a save computes; validation recomputes the same.
 */
public final class StateChecksum {

    private static final HexFormat HEX = HexFormat.of();

    private StateChecksum() {
    }

    /** Which bytes a manifest's checksum covers. */
    public enum Shape {
        /** Only the inline operators' states ({@code inline_hash}). */
        INLINE,
        /** Only the sidecar. */
        SIDECAR,
        /** {@code inline_hash} followed by the sidecar. */
        MIXED;

        /**
         * Whether the sidecar is part of the checksum.
         * @return true for {@link #SIDECAR} and {@link #MIXED}
         */
        public boolean readsSidecar() {
            return this != INLINE;
        }
    }

    /**
     * The bytes a checksum of this manifest covers.
     * @param manifest the manifest
     * @return its shape
     */
    public static Shape shapeOf(CheckpointManifest manifest) {
        boolean inline = false;
        boolean external = false;
        for (OperatorCheckpoint op : manifest.operatorStates().values()) {
            if (op.external()) {
                external = true;
            }
            else {
                inline = true;
            }
        }
        if (inline && !external) {
            return Shape.INLINE;
        }
        return inline ? Shape.MIXED : Shape.SIDECAR;
    }

    /**
     * The SHA-256 hex of the inline operators' states.
     * @param manifest the manifest
     * @return {@code inline_hash}
     */
    public static String inlineHash(CheckpointManifest manifest) {
        MessageDigest digest = sha256();
        for (Map.Entry<String, OperatorCheckpoint> entry : manifest.operatorStates().entrySet()) {
            OperatorCheckpoint op = entry.getValue();
            if (op.external()) {
                continue;
            }
            digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            if (op.stateB64() != null) {
                digest.update(op.stateB64().getBytes(StandardCharsets.US_ASCII));
            }
            digest.update((byte) 0);
        }
        return HEX.formatHex(digest.digest());
    }

    /**
     * A digest ready to take the sidecar bytes of this manifest: empty for the {@link Shape#SIDECAR}
     * shape, seeded with {@code inline_hash} for {@link Shape#MIXED}.
     * @param manifest the manifest the sidecar belongs to
     * @return a SHA-256 digest
     */
    public static MessageDigest sidecarDigest(CheckpointManifest manifest) {
        MessageDigest digest = sha256();
        if (shapeOf(manifest) == Shape.MIXED) {
            digest.update(inlineHash(manifest).getBytes(StandardCharsets.US_ASCII));
        }
        return digest;
    }

    /**
     * The checksum a save stamps on a manifest.
     * @param manifest the manifest being saved
     * @param sidecarDigest the finished {@link #sidecarDigest} when a sidecar was written, else empty
     * @return the manifest with {@code state_checksum} set, or unchanged when the rules leave it as
     *     the caller set it (no sidecar and not all operators inline)
     */
    public static CheckpointManifest stamp(CheckpointManifest manifest, Optional<MessageDigest> sidecarDigest) {
        Shape shape = shapeOf(manifest);
        boolean hasOperators = !manifest.operatorStates().isEmpty();
        if (sidecarDigest.isPresent() && shape.readsSidecar()) {
            return withChecksum(manifest, HEX.formatHex(sidecarDigest.get().digest()));
        }
        if (hasOperators && shape == Shape.INLINE && (sidecarDigest.isPresent() || manifest.stateChecksum().isEmpty())) {
            return withChecksum(manifest, inlineHash(manifest));
        }
        return manifest;
    }

    /**
     * Feeds chunks to a digest without moving their positions.
     * @param digest the digest
     * @param chunks the bytes
     */
    public static void update(MessageDigest digest, List<ByteBuffer> chunks) {
        for (ByteBuffer chunk : chunks) {
            digest.update(chunk.duplicate());
        }
    }

    /**
     * Streams a sidecar through a digest in constant memory.
     * @param digest the digest, already seeded as {@link #sidecarDigest} does
     * @param sidecar the sidecar; read to its end, not closed
     * @return the lowercase hex of the digest
     * @throws IOException when the stream fails
     */
    public static String digestHex(MessageDigest digest, InputStream sidecar) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        int n;
        while ((n = sidecar.read(buffer)) != -1) {
            digest.update(buffer, 0, n);
        }
        return HEX.formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }

    private static CheckpointManifest withChecksum(CheckpointManifest manifest, String checksum) {
        return manifest.toBuilder().stateChecksum(checksum).build();
    }
}
