package dev.molt.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrafficWindowTests {

    private static final long NOW = 1_796_000_000L;

    private final TrafficWindow window = new TrafficWindow();

    @Test
    void countsRequestsAndErrorsInTheSecondTheyWereAnswered() {
        window.record(NOW - 2, false, millis(3));
        window.record(NOW - 2, true, millis(4));
        window.record(NOW, false, millis(5));

        TrafficWindow.Series series = window.read(NOW, 3);

        assertThat(series.firstSecond()).isEqualTo(NOW - 2);
        assertThat(series.requests()).containsExactly(2, 0, 1);
        assertThat(series.errors()).containsExactly(1, 0, 0);
    }

    @Test
    void aSlotReusedAfterTheWholeWindowForgetsTheSecondItCountedBefore() {
        window.record(NOW, true, millis(1));
        long later = NOW + TrafficWindow.SECONDS;

        window.record(later, false, millis(1));

        assertThat(window.read(later, 1).requests()).containsExactly(1);
        assertThat(window.read(later, 1).errors()).containsExactly(0);
        assertThat(window.read(later, TrafficWindow.SECONDS).requests()[0])
                .as("the second one window ago is outside it")
                .isZero();
    }

    @Test
    void secondsWithoutTrafficReadAsZeroEvenWhenTheirSlotHoldsAnOlderSecond() {
        window.record(NOW - 10, false, millis(1));

        TrafficWindow.Series series = window.read(NOW + TrafficWindow.SECONDS - 10 + 1, TrafficWindow.SECONDS);

        assertThat(series.requests()).containsOnly(0L);
    }

    @Test
    void aReportForASecondThatAlreadyLeftTheWindowIsNotCounted() {
        window.record(NOW + TrafficWindow.SECONDS, false, millis(1));

        window.record(NOW, false, millis(1));

        assertThat(window.read(NOW + TrafficWindow.SECONDS, 1).requests()).containsExactly(1);
        assertThat(window.read(NOW, 1).requests()).containsExactly(0);
    }

    @Test
    void readsAtMostTheWholeWindowAndAtLeastOneSecond() {
        assertThat(window.read(NOW, 10_000).requests()).hasSize(TrafficWindow.SECONDS);
        assertThat(window.read(NOW, 0).requests()).hasSize(1);
    }

    @Test
    void p99OfASecondIsTheBoundOfTheBucketItsSlowestHundredthFallsIn() {
        for (int i = 0; i < 99; i++) {
            window.record(NOW, false, millis(4));
        }
        window.record(NOW, false, millis(180));

        Double[] p99 = window.read(NOW, 1).p99Millis();

        assertThat(p99).containsExactly(5.0);
        window.record(NOW, false, millis(180));
        assertThat(window.read(NOW, 1).p99Millis()).containsExactly(200.0);
    }

    @Test
    void aSecondWithoutRequestsHasNoP99() {
        assertThat(window.read(NOW, 2).p99Millis()).containsExactly(null, null);
    }

    @Test
    void theSummaryAveragesRequestsOverItsSpanAndMergesTheHistograms() {
        for (int second = 0; second < 60; second++) {
            window.record(NOW - second, second == 0, millis(2));
        }
        window.record(NOW - 30, false, millis(900));
        window.record(NOW - 100, true, millis(9000));

        TrafficWindow.Summary lastMinute = window.read(NOW, 300).lastSeconds(60);

        assertThat(lastMinute.requestsPerSecond()).isEqualTo(61 / 60.0);
        assertThat(lastMinute.errorRate()).isEqualTo(1 / 61.0);
        assertThat(lastMinute.p99Millis()).isEqualTo(1000.0);
    }

    @Test
    void latencyBucketsCoverSubMillisecondToOverAMinute() {
        assertThat(LatencyBuckets.of(0)).isZero();
        assertThat(LatencyBuckets.upperBoundMillis(LatencyBuckets.of(millis(1))))
                .isEqualTo(1.0);
        assertThat(LatencyBuckets.upperBoundMillis(LatencyBuckets.of(millis(1) + 1)))
                .isEqualTo(1.5);
        assertThat(LatencyBuckets.of(TimeUnit.MINUTES.toNanos(5))).isEqualTo(LatencyBuckets.COUNT - 1);
        assertThat(LatencyBuckets.upperBoundMillis(LatencyBuckets.COUNT - 1)).isEqualTo(70_000.0);
    }

    private static long millis(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
