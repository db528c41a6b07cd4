package dev.molt.gateway.clients;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.molt.gateway.consistency.ClientIdentity;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Counts every routed call per client and API, and keeps the last call per route group and target:
 * as a global filter for the calls Spring Cloud Gateway routes, through {@link #record} for the
 * public fast path.
 * The counters are cached per client so that the hot path does one map lookup and two atomic
 * increments, not a meter registry lookup.
 */
@Component
public class ClientUsage implements GlobalFilter, Ordered {

    private final ClientIdentity identity;
    private final MeterRegistry meters;
    private final Map<String, Usage> clients = new ConcurrentHashMap<>();
    private final Map<RouteGroup, Map<Target, AtomicLong>> lastCall = new EnumMap<>(RouteGroup.class);

    ClientUsage(ClientIdentity identity, MeterRegistry meters) {
        this.identity = identity;
        this.meters = meters;
        for (RouteGroup group : RouteGroup.values()) {
            Map<Target, AtomicLong> byTarget = new EnumMap<>(Target.class);
            for (Target target : Target.values()) {
                byTarget.put(target, new AtomicLong());
            }
            lastCall.put(group, byTarget);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        if (route != null
                && route.getMetadata().get("molt.group") instanceof RouteGroup group
                && route.getMetadata().get("molt.target") instanceof Target target) {
            record(identity.of(exchange), group, target, System.currentTimeMillis());
        }
        return chain.filter(exchange);
    }

    /** Counts one call of {@code client} routed to {@code group} and {@code target} at {@code now} (epoch millis). */
    public void record(String client, RouteGroup group, Target target, long now) {
        lastCall.get(group).get(target).accumulateAndGet(now, Math::max);
        Usage usage = clients.computeIfAbsent(client, this::newUsage);
        if (group.oldApi()) {
            usage.oldApiCalls.increment();
            usage.lastOldApiCall = now;
        } else {
            usage.newApiCalls.increment();
            usage.lastNewApiCall = now;
        }
    }

    /** Epoch millis of the last call of {@code group} routed to {@code target}, or 0 when none since start. */
    public long lastCall(RouteGroup group, Target target) {
        return lastCall.get(group).get(target).get();
    }

    /** Epoch millis of the last call of {@code group}, whatever its target, or 0. */
    public long lastCall(RouteGroup group) {
        long last = 0;
        for (AtomicLong at : lastCall.get(group).values()) {
            last = Math.max(last, at.get());
        }
        return last;
    }

    /** Every client seen since start, the most recent old-API user first. */
    public List<ClientView> clients() {
        return clients.entrySet().stream()
                .map(e -> e.getValue().view(e.getKey()))
                .sorted(Comparator.comparing(
                                (ClientView c) -> c.lastOldApiCall() == null ? Instant.EPOCH : c.lastOldApiCall())
                        .reversed())
                .toList();
    }

    private Usage newUsage(String client) {
        return new Usage(
                Counter.builder("molt.gateway.client.calls")
                        .tag("client", client)
                        .tag("api", "old")
                        .register(meters),
                Counter.builder("molt.gateway.client.calls")
                        .tag("client", client)
                        .tag("api", "new")
                        .register(meters));
    }

    /** One client as the admin API lists it. */
    public record ClientView(
            String client, long oldApiCalls, long newApiCalls, Instant lastOldApiCall, Instant lastNewApiCall) {}

    private static final class Usage {
        final Counter oldApiCalls;
        final Counter newApiCalls;
        volatile long lastOldApiCall;
        volatile long lastNewApiCall;

        Usage(Counter oldApiCalls, Counter newApiCalls) {
            this.oldApiCalls = oldApiCalls;
            this.newApiCalls = newApiCalls;
        }

        ClientView view(String client) {
            return new ClientView(
                    client,
                    (long) oldApiCalls.count(),
                    (long) newApiCalls.count(),
                    lastOldApiCall == 0 ? null : Instant.ofEpochMilli(lastOldApiCall),
                    lastNewApiCall == 0 ? null : Instant.ofEpochMilli(lastNewApiCall));
        }
    }
}
