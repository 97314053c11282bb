package dev.checkpointstore.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class MutableClockTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void runsWithTheSystemClockPlusWhatItWasAdvanced() {
        Instant before = Instant.now();
        clock.advance(Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(30));
        Instant shown = clock.instant();
        Instant after = Instant.now();

        assertThat(shown).isBetween(before.plus(Duration.ofMinutes(90)), after.plus(Duration.ofMinutes(90)));
    }

    @Test
    void standsStillAtTheInstantItWasSetTo() {
        Instant instant = Instant.parse("2025-01-02T03:04:05Z");
        clock.set(instant);

        assertThat(clock.instant()).isEqualTo(instant);
        assertThat(clock.millis()).isEqualTo(instant.toEpochMilli());
    }

    @Test
    void advancingASetClockMovesTheSetInstant() {
        clock.set(Instant.EPOCH);
        clock.advance(Duration.ofSeconds(3));

        assertThat(clock.instant()).isEqualTo(Instant.EPOCH.plusSeconds(3));
    }

    @Test
    void isAlwaysUtc() {
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> clock.withZone(ZoneId.of("Europe/Paris")));
    }
}
