package dev.checkpointstore.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import static org.assertj.core.api.Assertions.assertThat;

class QuickProfileTest {

    private static final String[] CLASSES = {"SaveBenchmark", "SaveWithStateBenchmark", "RecoveryBenchmark",
        "ValidatedRecoveryBenchmark", "RetainedRecoveryBenchmark", "S3Benchmark"};

    @Test
    void everyGroupSelectsExistingBenchmarksWithExistingParameters() throws Exception {
        for (QuickProfile.Group group : QuickProfile.groups()) {
            Pattern include = Pattern.compile(group.include());
            int matched = 0;
            for (String simpleName : CLASSES) {
                Class<?> type = Class.forName(QuickProfile.class.getPackageName() + "." + simpleName);
                for (Method method : type.getMethods()) {
                    if (method.isAnnotationPresent(Benchmark.class) && include.matcher(type.getName() + "." + method.getName()).find()) {
                        matched++;
                        for (String key : group.params().keySet()) {
                            Field field = type.getField(key);
                            assertThat(field.isAnnotationPresent(Param.class)).as(type + "." + key).isTrue();
                            assertThat(Arrays.asList(field.getAnnotation(Param.class).value()))
                                    .as("quick values of %s.%s are among the full profile's", simpleName, key)
                                    .containsAll(Arrays.asList(group.params().get(key)));
                        }
                    }
                }
            }
            assertThat(matched).as("benchmarks matched by " + group.include())
                    .isEqualTo(group.include().split("\\|").length);
        }
    }

    @Test
    void everyBenchmarkMethodIsInTheQuickProfile() throws Exception {
        for (String simpleName : CLASSES) {
            Class<?> type = Class.forName(QuickProfile.class.getPackageName() + "." + simpleName);
            for (Method method : type.getMethods()) {
                if (method.isAnnotationPresent(Benchmark.class)) {
                    String name = type.getName() + "." + method.getName();
                    assertThat(QuickProfile.groups()).as(name)
                            .anyMatch(g -> Pattern.compile(g.include()).matcher(name).find());
                }
            }
        }
    }
}
