package dev.molt.replicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTests {

    @Test
    void waitsGrowByTheMultiplierUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 2);
        assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofMillis(1600));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aMultiplierOfOneWaitsAlike() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5), 1);
        assertThat(backoff.delay(0)).isEqualTo(backoff.delay(20));
    }
}
