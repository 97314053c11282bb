package dev.checkpointstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SortedMapsTest {

    @Test
    void ordersByCodePointWhereUtf16OrderDiffers() {
        List<String> keys = Arrays.asList("\uD83D\uDE00", "\uFFFF", "\uE000", "b", "ab", "abc", "a", "", "\uD7FF");

        keys.sort(SortedMaps.UTF8_ORDER);

        assertThat(keys).containsExactly("", "a", "ab", "abc", "b", "\uD7FF", "\uE000", "\uFFFF", "\uD83D\uDE00");
    }

    @Property(tries = 2000)
    void ordersAsTheUtf8BytesDo(@ForAll("keys") String a, @ForAll("keys") String b) {
        int bytes = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

        assertThat(Integer.signum(SortedMaps.UTF8_ORDER.compare(a, b))).isEqualTo(Integer.signum(bytes));
    }

    @Test
    void copiesAMapInThisOrderWithoutSharingIt() {
        TreeMap<String, Integer> source = SortedMaps.newMap();
        source.put("b", 2);
        source.put("a", 1);

        SortedMap<String, Integer> copy = SortedMaps.copyOf(source, "m");
        source.put("c", 3);

        assertThat(copy).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
        assertThat(copy.comparator()).isSameAs(SortedMaps.UTF8_ORDER);
    }

    @Test
    void namesTheMapOfANullKeyOrValue() {
        Map<String, Integer> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        Map<String, Integer> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);

        assertThatNullPointerException().isThrownBy(() -> SortedMaps.copyOf(nullKey, "sink_epochs"))
                .withMessage("sink_epochs has a null key");
        assertThatNullPointerException().isThrownBy(() -> SortedMaps.copyOf(nullValue, "sink_epochs"))
                .withMessage("sink_epochs has a null value for 'k'");
        assertThatNullPointerException().isThrownBy(() -> CheckpointManifest.builder().putSinkEpoch(null, 1))
                .withMessage("sink_epochs has a null key");
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of("a", "b", "\uD7FF", "\uE000", "\uFFFF", "\uD800\uDC00", "\uD83D\uDE00", "\uD83D\uDE01")
                .list().ofMaxSize(4).map(units -> String.join("", units));
    }
}
