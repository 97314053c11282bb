package dev.checkpointstore.core;

import java.util.OptionalLong;

/**
 * How checkpoint ids are spelled in names and keys, in both layouts: decimal, zero-padded to at
 * least six digits ({@code 000001}, {@code 1234567}). Only that exact spelling of a positive id
 * names a checkpoint; {@code 1}, {@code 0000001}, {@code 000000} and {@code abc} do not.
 */
public final class CheckpointIds {

    private static final int MIN_DIGITS = 6;
    private static final int MAX_DIGITS = 19;

    private CheckpointIds() {
    }

    /**
     * Spells an id.
     * @param checkpointId the id, positive
     * @return its digits, zero-padded to at least six
     * @throws IllegalArgumentException when the id is not positive
     */
    public static String padded(long checkpointId) {
        String digits = Long.toString(AbstractCheckpointStore.checkId(checkpointId));
        return digits.length() >= MIN_DIGITS ? digits : "0".repeat(MIN_DIGITS - digits.length()) + digits;
    }

    /**
     * Reads an id spelled by {@link #padded}.
     * @param digits the text between a name's fixed prefix and suffix
     * @return the id, or empty when the text is not exactly {@link #padded} of a positive id
     */
    public static OptionalLong parsePadded(String digits) {
        if (digits.length() < MIN_DIGITS || digits.length() > MAX_DIGITS) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        long id;
        try {
            id = Long.parseLong(digits);
        }
        catch (NumberFormatException ex) {
            return OptionalLong.empty();
        }
        return id > 0 && padded(id).equals(digits) ? OptionalLong.of(id) : OptionalLong.empty();
    }
}
