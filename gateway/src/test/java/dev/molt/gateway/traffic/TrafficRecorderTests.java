package dev.molt.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.Target;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrafficRecorderTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong clock = new AtomicLong(1_796_000_000_000L);
    private final TrafficRecorder recorder = new TrafficRecorder(registry, clock::get);

    @Test
    void everyRequestLandsInTheTimerTaggedByGroupTargetAndStatus() {
        recorder.record(RouteGroup.OLD_API_QUERY, Target.NEW, 200, TimeUnit.MILLISECONDS.toNanos(3));
        recorder.record(RouteGroup.OLD_API_QUERY, Target.NEW, 200, TimeUnit.MILLISECONDS.toNanos(5));
        recorder.record(RouteGroup.OLD_API_COMMAND, null, 413, TimeUnit.MILLISECONDS.toNanos(1));

        Timer ok = registry.get(TrafficRecorder.TIMER)
                .tags("group", "old-api-query", "target", "new", "status", "200")
                .timer();
        assertThat(ok.count()).isEqualTo(2);
        assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8.0);
        assertThat(registry.get(TrafficRecorder.TIMER)
                        .tags("group", "old-api-command", "target", "none", "status", "413")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void theReportGivesEachGroupItsSeriesAndLastMinute() {
        recorder.record(RouteGroup.NEW_API_COMMAND, Target.NEW, 503, TimeUnit.MILLISECONDS.toNanos(2));
        recorder.record(RouteGroup.NEW_API_COMMAND, Target.NEW, 201, TimeUnit.MILLISECONDS.toNanos(2));
        clock.addAndGet(1000);
        recorder.record(RouteGroup.NEW_API_COMMAND, Target.NEW, 201, TimeUnit.MILLISECONDS.toNanos(2));

        Map<String, Object> report = recorder.report(3);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) report.get("groups");
        assertThat(groups)
                .extracting(g -> g.get("group"))
                .containsExactly("old-api-query", "old-api-command", "new-api-query", "new-api-command");
        Map<String, Object> commands = groups.get(3);
        assertThat((long[]) commands.get("requests")).containsExactly(0, 2, 1);
        assertThat((long[]) commands.get("errors")).containsExactly(0, 1, 0);
        assertThat(commands.get("errorRate")).isEqualTo(1 / 3.0);
        assertThat(commands.get("p99Ms")).isEqualTo(2.0);
        assertThat(report.get("seconds")).isEqualTo(3);
        assertThat(report.get("firstSecond")).isEqualTo(1_796_000_001L - 2);
    }
}
