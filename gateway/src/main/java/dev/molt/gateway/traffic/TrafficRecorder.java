package dev.molt.gateway.traffic;

import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.Target;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one place both routing paths report an answered request to: the group's {@link TrafficWindow}
 * for the dashboard, and the {@value #TIMER} timer (tags {@code group}, {@code target}, {@code
 * status}, with a percentile histogram) for Prometheus. Timers are looked up in a fixed array indexed
 * by group, target and status, filled on first use, so the hot path builds no tags and takes no lock.
 */
@Component
public class TrafficRecorder {

    /** The timer's name: a contract with the Prometheus side ({@code molt_gateway_requests_seconds_*}). */
    public static final String TIMER = "molt.gateway.requests";

    /** Status recorded for a request whose client went away before its answer was complete (as nginx logs it). */
    public static final int CLIENT_CLOSED = 499;

    /** Status recorded for an answer that could not be completed (the backend failed mid-answer). */
    public static final int TRANSFER_FAILED = 502;

    private static final RouteGroup[] GROUPS = RouteGroup.values();
    private static final Target[] TARGETS = Target.values();
    private static final int MIN_STATUS = 100;
    private static final int STATUSES = 500;
    /** The span the summary of each group covers (requests per second, error rate, p99). */
    private static final int SUMMARY_SECONDS = 60;

    private final MeterRegistry registry;
    private final LongSupplier clockMillis;
    private final TrafficWindow[] windows = new TrafficWindow[GROUPS.length];
    private final AtomicReferenceArray<Timer> timers =
            new AtomicReferenceArray<>(GROUPS.length * TARGETS.length * STATUSES);

    @Autowired
    TrafficRecorder(MeterRegistry registry) {
        this(registry, System::currentTimeMillis);
    }

    TrafficRecorder(MeterRegistry registry, LongSupplier clockMillis) {
        this.registry = registry;
        this.clockMillis = clockMillis;
        for (int i = 0; i < windows.length; i++) {
            windows[i] = new TrafficWindow();
        }
    }

    /**
     * One request of {@code group} answered with {@code status} after {@code nanos}; {@code target} is
     * where it was routed (null or {@link Target#NONE} when it never got that far). A 5xx counts as an
     * error; the gateway's own 502/503/504 for a backend that failed, refused or hung are among them.
     */
    public void record(RouteGroup group, Target target, int status, long nanos) {
        Target routed = target == null ? Target.NONE : target;
        windows[group.ordinal()].record(clockMillis.getAsLong() / 1000, status >= 500, nanos);
        timer(group, routed, status).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(RouteGroup group, Target target, int status) {
        int code = Math.min(Math.max(status, MIN_STATUS), MIN_STATUS + STATUSES - 1);
        int index = (group.ordinal() * TARGETS.length + target.ordinal()) * STATUSES + code - MIN_STATUS;
        Timer timer = timers.get(index);
        if (timer == null) {
            timer = Timer.builder(TIMER)
                    .description("Requests routed by the gateway, by route group, target and answer status")
                    .tag("group", group.id())
                    .tag("target", target.name().toLowerCase(Locale.ROOT))
                    .tag("status", Integer.toString(code))
                    .publishPercentileHistogram()
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry);
            timers.set(index, timer);
        }
        return timer;
    }

    /**
     * The last {@code seconds} seconds (at most five minutes) of every group: per second the
     * requests, errors and p99 in milliseconds, and the last minute summed up.
     */
    public Map<String, Object> report(int seconds) {
        long now = clockMillis.getAsLong() / 1000;
        int span = Math.max(1, Math.min(seconds, TrafficWindow.SECONDS));
        Map<String, Object> report = new LinkedHashMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (RouteGroup group : GROUPS) {
            TrafficWindow.Series series = windows[group.ordinal()].read(now, span);
            TrafficWindow.Summary summary = series.lastSeconds(SUMMARY_SECONDS);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("group", group.id());
            body.put("requestsPerSecond", summary.requestsPerSecond());
            body.put("errorRate", summary.errorRate());
            body.put("p99Ms", summary.p99Millis());
            body.put("requests", series.requests());
            body.put("errors", series.errors());
            body.put("p99MsPerSecond", series.p99Millis());
            groups.add(body);
        }
        report.put("firstSecond", now - span + 1);
        report.put("seconds", span);
        report.put("summarySeconds", SUMMARY_SECONDS);
        report.put("groups", groups);
        return report;
    }
}
