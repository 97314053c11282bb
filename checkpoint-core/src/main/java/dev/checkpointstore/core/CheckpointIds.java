package dev.checkpointstore.core;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * How checkpoint ids are spelled in names and keys, in both layouts. Ids are unsigned 64-bit
 * values (a Java {@code long} read as unsigned, so ids from 2^63 up are negative longs). They are
 * written in decimal, zero-padded to at least six digits ({@code 000001}, {@code 1234567}), and read
 * back as LaminarDB reads them, with Rust's {@code u64::from_str}: any number of leading zeros, an
 * optional {@code +}, ASCII digits only, at most 18446744073709551615. So {@code 1},
 * {@code 0000001} and {@code +1} all name checkpoint 1, while {@code -1}, {@code 1.0}, {@code abc}
 * and an empty text name none.
 */
public final class CheckpointIds {

    /** Orders ids as the unsigned values they are. */
    public static final Comparator<Long> ORDER = Long::compareUnsigned;

    private static final int MIN_DIGITS = 6;

    private static final long MAX_DIV_10 = Long.divideUnsigned(-1L, 10);

    private CheckpointIds() {
    }

    /**
     * Checks the id of a checkpoint about to be written. Ids are unsigned 64-bit values; every one
     * but 0 can be written (LaminarDB reads 0 as a corrupt checkpoint). Reads take any id.
     * @param checkpointId the value
     * @return the value when it is not 0
     * @throws IllegalArgumentException otherwise
     */
    public static long requireWritable(long checkpointId) {
        if (checkpointId == 0) {
            throw new IllegalArgumentException("checkpoint id must not be 0");
        }
        return checkpointId;
    }

    /**
     * Spells an id.
     * @param checkpointId the id, unsigned
     * @return its digits, zero-padded to at least six
     */
    public static String padded(long checkpointId) {
        String digits = Long.toUnsignedString(checkpointId);
        return digits.length() >= MIN_DIGITS ? digits : "0".repeat(MIN_DIGITS - digits.length()) + digits;
    }

    /**
     * Reads an id as LaminarDB does ({@code u64::from_str}).
     * @param text the text between a name's fixed prefix and suffix
     * @return the id, or empty when the text is not an unsigned 64-bit decimal
     */
    public static OptionalLong parse(String text) {
        int i = text.startsWith("+") ? 1 : 0;
        if (i == text.length()) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (; i < text.length(); i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return OptionalLong.empty();
            }
            if (Long.compareUnsigned(value, MAX_DIV_10) > 0) {
                return OptionalLong.empty();
            }
            long next = value * 10 + digit;
            if (Long.compareUnsigned(next, value * 10) < 0) {
                return OptionalLong.empty();
            }
            value = next;
        }
        return OptionalLong.of(value);
    }

    /**
     * Sorts ids ascending as unsigned values, without duplicates.
     * @param ids the ids
     * @return a new sorted list
     */
    public static List<Long> sortedDistinct(Collection<Long> ids) {
        return ids.stream().distinct().sorted(ORDER).toList();
    }
}
