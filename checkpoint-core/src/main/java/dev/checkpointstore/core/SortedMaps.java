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

    static <V> SortedMap<String, V> copyOf(Map<String, V> source, String what) {
        Objects.requireNonNull(source, what);
        TreeMap<String, V> copy = new TreeMap<>(UTF8_ORDER);
        source.forEach((key, value) -> copy.put(
                Objects.requireNonNull(key, () -> what + " has a null key"),
                Objects.requireNonNull(value, () -> what + " has a null value for '" + key + "'")));
        return Collections.unmodifiableSortedMap(copy);
    }

    static List<String> copyOfList(List<String> source, String what) {
        Objects.requireNonNull(source, what);
        for (String item : source) {
            Objects.requireNonNull(item, () -> what + " has a null element");
        }
        return List.copyOf(source);
    }

    private static int compareCodePoints(String a, String b) {
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
