package dev.molt.gateway.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.Target;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientUsageTests {

    private static final long T0 = 1_700_000_000_000L;

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    @Test
    void thousandsOfDistinctClientsLeaveTheTableAtItsCapacityWithTheOverflowReported() {
        ClientUsage usage = usage(100, Duration.ofHours(1), 10);

        for (int i = 0; i < 3_000; i++) {
            usage.record("client-" + i, RouteGroup.NEW_API_QUERY, Target.NEW, T0 + i);
        }

        ClientUsage.Report report = usage.report();
        assertThat(report.capacity()).isEqualTo(100);
        assertThat(report.size())
                .isLessThanOrEqualTo(100)
                .isEqualTo(report.clients().size());
        assertThat(report.overflowed()).isTrue();
        assertThat(report.evicted()).isGreaterThanOrEqualTo(2_900);
        assertThat(report.lastEvictedAt()).isNotNull();
        assertThat(meters.find("molt.gateway.client.calls").counters())
                .as("10 own client tags and 'other', each for the old and the new API")
                .hasSize(22);
        assertThat(meters.find("molt.gateway.client.calls")
                        .tags("client", "other", "api", "new")
                        .counter()
                        .count())
                .isEqualTo(2_990);
        assertThat(meters.find("molt.gateway.client.calls")
                        .tags("client", "client-3", "api", "new")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aTableWithinItsCapacityHasNotOverflowed() {
        ClientUsage usage = usage(100, Duration.ofHours(1), 10);

        usage.record("shop-web", RouteGroup.OLD_API_QUERY, Target.OLD, T0);

        ClientUsage.Report report = usage.report();
        assertThat(report.overflowed()).isFalse();
        assertThat(report.evicted()).isZero();
        assertThat(report.lastEvictedAt()).isNull();
        assertThat(report.clients()).singleElement().satisfies(c -> {
            assertThat(c.client()).isEqualTo("shop-web");
            assertThat(c.oldApiCalls()).isEqualTo(1);
        });
    }

    @Test
    void anIdleClientExpiresButItsLastOldApiCallStillCountsForTheGuards() {
        ClientUsage usage = usage(100, Duration.ofMinutes(5), 10);
        usage.record("legacy", RouteGroup.OLD_API_QUERY, Target.NEW, T0);

        nanos.addAndGet(Duration.ofMinutes(6).toNanos());

        ClientUsage.Report report = usage.report();
        assertThat(report.clients()).isEmpty();
        assertThat(report.expired()).isEqualTo(1);
        assertThat(report.overflowed()).as("expiry is not an overflow").isFalse();
        assertThat(usage.lastCall(RouteGroup.OLD_API_QUERY)).isEqualTo(T0);
        assertThat(usage.lastCall(RouteGroup.OLD_API_QUERY, Target.NEW)).isEqualTo(T0);
    }

    @Test
    void aReturningClientKeepsItsOwnMeterTag() {
        ClientUsage usage = usage(100, Duration.ofMinutes(5), 1);
        usage.record("shop-web", RouteGroup.OLD_API_COMMAND, Target.OLD, T0);
        nanos.addAndGet(Duration.ofMinutes(6).toNanos());
        usage.record("shop-app", RouteGroup.OLD_API_COMMAND, Target.OLD, T0 + 1);

        usage.record("shop-web", RouteGroup.OLD_API_COMMAND, Target.OLD, T0 + 2);

        assertThat(meters.find("molt.gateway.client.calls")
                        .tags("client", "shop-web", "api", "old")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(meters.find("molt.gateway.client.calls")
                        .tags("client", "other", "api", "old")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void restoredCallTimesOnlyMoveTheClocksForward() {
        ClientUsage usage = usage(100, Duration.ofMinutes(5), 10);
        usage.record("shop-web", RouteGroup.OLD_API_QUERY, Target.OLD, T0 + 10);

        usage.restore(new CallTimes(Map.of(
                RouteGroup.OLD_API_QUERY, Map.of(Target.OLD, T0, Target.NEW, T0 + 5),
                RouteGroup.NEW_API_COMMAND, Map.of(Target.NEW, T0 + 7))));

        assertThat(usage.lastCall(RouteGroup.OLD_API_QUERY, Target.OLD)).isEqualTo(T0 + 10);
        assertThat(usage.lastCall(RouteGroup.OLD_API_QUERY, Target.NEW)).isEqualTo(T0 + 5);
        assertThat(usage.lastCall(RouteGroup.NEW_API_COMMAND)).isEqualTo(T0 + 7);
        assertThat(usage.callTimes().of(RouteGroup.OLD_API_QUERY, Target.OLD)).isEqualTo(T0 + 10);
        assertThat(usage.report().clients())
                .as("the table is not restored, only the clocks")
                .extracting(ClientUsage.ClientView::client)
                .containsExactly("shop-web");
    }

    private ClientUsage usage(int capacity, Duration idleExpiry, int meteredClients) {
        return new ClientUsage(meters, new ClientsProperties(capacity, idleExpiry, meteredClients), ticker);
    }
}
