package dev.checkpointstore.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import static org.assertj.core.api.Assertions.assertThat;

class QuickProfileTest {

    private static final String[] CLASSES = {"SaveBenchmark", "SaveWithStateBenchmark", "RecoveryBenchmark",
        "ValidatedRecoveryBenchmark", "RetainedRecoveryBenchmark", "CoordinatorStallBenchmark", "S3Benchmark"};

    private static Class<?> benchmarkClass(String simpleName) throws ClassNotFoundException {
        return Class.forName(QuickProfile.class.getPackageName() + "." + simpleName);
    }

    @Test
    void everyGroupNamesExistingBenchmarksAndParameterValuesOfTheFullSuite() throws Exception {
        for (QuickProfile.Group group : QuickProfile.groups()) {
            Class<?> type = benchmarkClass(group.benchmark());
            for (String method : group.methods()) {
                Method m = Arrays.stream(type.getMethods()).filter(x -> x.getName().equals(method)).findFirst()
                        .orElseThrow(() -> new AssertionError(type + " has no method " + method));
                assertThat(m.isAnnotationPresent(Benchmark.class)).as(method).isTrue();
                assertThat(Pattern.compile(group.include(method)).matcher(type.getName() + "." + method).find()).isTrue();
                assertThat(Pattern.compile(group.include(method)).matcher(type.getName() + "." + method + "X").find())
                        .isFalse();
            }
            if (!group.paramKey().isEmpty()) {
                Field field = type.getField(group.paramKey());
                assertThat(Arrays.asList(field.getAnnotation(Param.class).value()))
                        .as("quick values of %s.%s are among the full suite's", group.benchmark(), group.paramKey())
                        .containsAll(group.paramValues());
            }
        }
    }

    @Test
    void everyBenchmarkMethodIsInTheQuickProfile() throws Exception {
        for (String simpleName : CLASSES) {
            for (Method method : benchmarkClass(simpleName).getMethods()) {
                if (method.isAnnotationPresent(Benchmark.class)) {
                    assertThat(QuickProfile.groups()).as(simpleName + "." + method.getName())
                            .anyMatch(g -> g.benchmark().equals(simpleName) && g.methods().contains(method.getName()));
                }
            }
        }
    }

    @Test
    void runsStoreAndBaselineSideBySideAlternatingWhichGoesFirst() {
        QuickProfile.Group group = new QuickProfile.Group("g", "SaveBenchmark", List.of("baseline", "store"), "shape",
                List.of("a", "b", "c"), new int[] {1, 1}, new int[] {1, 1}, List.of());
        List<String> order = new ArrayList<>();
        for (String[] fork : group.forks()) {
            order.add(fork[0] + "@" + fork[1]);
        }
        assertThat(order).containsExactly("baseline@a", "store@a", "store@b", "baseline@b", "baseline@c", "store@c");
    }
}
