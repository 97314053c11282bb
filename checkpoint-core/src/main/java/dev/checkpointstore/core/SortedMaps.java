package dev.checkpointstore.core;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Copies of the manifest's maps, ordered by the UTF-8 bytes of their keys (code point order), so
 * that equal manifests serialize to equal bytes and checksums see operators in a fixed order.
 */
final class SortedMaps {

    /** Orders strings by code point, which is the order of their UTF-8 bytes. */
    static final Comparator<String> UTF8_ORDER = SortedMaps::compareCodePoints;

    private SortedMaps() {
    }

    /**
     * A new, empty map in this order.
     * @param <V> the values
     * @return the map
     */
    static <V> TreeMap<String, V> newMap() {
        return new TreeMap<>(UTF8_ORDER);
    }

    /**
     * An unmodifiable copy in this order; neither keys nor values may be null. A source already
     * in this order is copied in one pass, without comparing its keys.
     */
    static <V> SortedMap<String, V> copyOf(Map<String, V> source, String what) {
        TreeMap<String, V> copy = newMap();
        putAll(copy, source, what);
        source.forEach((key, value) -> Objects.requireNonNull(value, () -> what + " has a null value for '" + key + "'"));
        return Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Puts every entry of {@code source} into {@code target}, in one pass without comparing keys
     * when {@code target} is empty and {@code source} is in this order.
     * @throws NullPointerException naming {@code what} when {@code source} or a key is null
     */
    static <V> void putAll(TreeMap<String, V> target, Map<String, V> source, String what) {
        Objects.requireNonNull(source, what);
        if (inThisOrder(source)) {
            target.putAll(source);
            return;
        }
        source.forEach((key, value) -> target.put(Objects.requireNonNull(key, () -> what + " has a null key"), value));
    }

    private static boolean inThisOrder(Map<String, ?> map) {
        return map instanceof SortedMap<String, ?> sorted && sorted.comparator() == UTF8_ORDER;
    }

    static List<String> copyOfList(List<String> source, String what) {
        Objects.requireNonNull(source, what);
        for (String item : source) {
            Objects.requireNonNull(item, () -> what + " has a null element");
        }
        return List.copyOf(source);
    }

    /**
     * Compares by UTF-16 unit until the first difference, which is the code point order unless
     * that difference involves a surrogate; only then are code points compared.
     */
    private static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int k = 0; k < n; k++) {
            char ca = a.charAt(k);
            char cb = b.charAt(k);
            if (ca != cb) {
                return Character.isSurrogate(ca) || Character.isSurrogate(cb) ? compareByCodePoint(a, b)
                        : ca - cb;
            }
        }
        return a.length() - b.length();
    }

    private static int compareByCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
