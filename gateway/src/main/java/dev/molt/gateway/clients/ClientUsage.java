package dev.molt.gateway.clients;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.Target;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts every routed call per client and API, and keeps the last call per route group and target:
 * each path calls {@link #record} (the stage routes through their global filter in {@code scg}).
 * <p>
 * The client name comes from the request, so the table is a bounded Caffeine cache (a size cap and
 * an idle expiry): a flood of made-up client ids costs at most {@code capacity} entries, and since
 * Caffeine admits by frequency, it evicts the one-off ids before the clients that call again and
 * again. The guards never read the table: the last call per route group and target lives beside it
 * ({@link CallTimes}), so an evicted client's last old-API call still counts for the quiet period.
 * Meters are bounded too: see {@link ClientMeters}.
 */
@Component
public class ClientUsage {

    private final ClientMeters meters;
    private final int capacity;
    private final Cache<String, Usage> clients;
    private final LongAdder evicted = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private volatile long lastEvictedAt;
    private final Map<RouteGroup, Map<Target, AtomicLong>> lastCall = new EnumMap<>(RouteGroup.class);

    @Autowired
    ClientUsage(MeterRegistry meters, ClientsProperties properties) {
        this(meters, properties, Ticker.systemTicker());
    }

    ClientUsage(MeterRegistry meters, ClientsProperties properties, Ticker ticker) {
        this.meters = new ClientMeters(meters, properties.meteredClients());
        this.capacity = properties.capacity();
        this.clients = Caffeine.newBuilder()
                .maximumSize(properties.capacity())
                .expireAfterAccess(properties.idleExpiry())
                .ticker(ticker)
                // maintenance on the caller: no pool thread, and the table never lags far behind its cap
                .executor(Runnable::run)
                .removalListener((String client, Usage usage, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evicted.increment();
                        lastEvictedAt = System.currentTimeMillis();
                    } else if (cause == RemovalCause.EXPIRED) {
                        expired.increment();
                    }
                })
                .build();
        for (RouteGroup group : RouteGroup.values()) {
            Map<Target, AtomicLong> byTarget = new EnumMap<>(Target.class);
            for (Target target : Target.values()) {
                byTarget.put(target, new AtomicLong());
            }
            lastCall.put(group, byTarget);
        }
    }

    /** Counts one call of {@code client} routed to {@code group} and {@code target} at {@code now} (epoch millis). */
    public void record(String client, RouteGroup group, Target target, long now) {
        lastCall.get(group).get(target).accumulateAndGet(now, Math::max);
        Usage usage = clients.get(client, this::newUsage);
        if (group.oldApi()) {
            usage.oldApiCalls.increment();
            usage.counters.oldApi().increment();
            usage.lastOldApiCall = now;
        } else {
            usage.newApiCalls.increment();
            usage.counters.newApi().increment();
            usage.lastNewApiCall = now;
        }
    }

    /** Epoch millis of the last call of {@code group} routed to {@code target}, or 0 when none is known. */
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

    /** The last call per route group and target, as a value to persist. */
    public CallTimes callTimes() {
        Map<RouteGroup, Map<Target, Long>> times = new EnumMap<>(RouteGroup.class);
        lastCall.forEach((group, byTarget) -> {
            Map<Target, Long> copy = new EnumMap<>(Target.class);
            byTarget.forEach((target, at) -> copy.put(target, at.get()));
            times.put(group, copy);
        });
        return new CallTimes(times);
    }

    /** Takes over persisted call times where they are later than what this gateway saw itself. */
    public void restore(CallTimes times) {
        lastCall.forEach((group, byTarget) ->
                byTarget.forEach((target, at) -> at.accumulateAndGet(times.of(group, target), Math::max)));
    }

    /** The clients in the table, the most recent old-API user first, and how full the table is. */
    public Report report() {
        clients.cleanUp();
        List<ClientView> views = clients.asMap().entrySet().stream()
                .map(e -> e.getValue().view(e.getKey()))
                .sorted(Comparator.comparing(
                                (ClientView c) -> c.lastOldApiCall() == null ? Instant.EPOCH : c.lastOldApiCall())
                        .reversed())
                .toList();
        long evictions = evicted.sum();
        long lastEviction = lastEvictedAt;
        return new Report(
                capacity,
                views.size(),
                evictions > 0,
                evictions,
                lastEviction == 0 ? null : Instant.ofEpochMilli(lastEviction),
                expired.sum(),
                meters.ownTags(),
                views);
    }

    /** How many clients the table holds now (an estimate, without a clean-up: cheap enough for every scrape). */
    public long size() {
        return clients.estimatedSize();
    }

    /** The clients with a call after {@code sinceMillis} (epoch millis): what a replica shares in its next batch. */
    public List<ClientView> calledSince(long sinceMillis) {
        return clients.asMap().entrySet().stream()
                .filter(e -> e.getValue().lastOldApiCall > sinceMillis || e.getValue().lastNewApiCall > sinceMillis)
                .map(e -> e.getValue().view(e.getKey()))
                .toList();
    }

    private Usage newUsage(String client) {
        return new Usage(meters.of(client));
    }

    /**
     * The client table as the admin API shows it.
     *
     * @param capacity most clients the table keeps
     * @param size clients in it now
     * @param overflowed whether a client was ever evicted to respect the capacity
     * @param evicted clients evicted to respect the capacity
     * @param lastEvictedAt when the last of them was evicted, or null
     * @param expired clients dropped after their idle expiry
     * @param meteredClients clients with a meter tag of their own (the others count under {@code other})
     * @param clients the clients in the table
     */
    public record Report(
            int capacity,
            int size,
            boolean overflowed,
            long evicted,
            Instant lastEvictedAt,
            long expired,
            int meteredClients,
            List<ClientView> clients) {}

    /** One client as the admin API lists it. */
    public record ClientView(
            String client, long oldApiCalls, long newApiCalls, Instant lastOldApiCall, Instant lastNewApiCall) {}

    private static final class Usage {
        final ClientMeters.Counters counters;
        final LongAdder oldApiCalls = new LongAdder();
        final LongAdder newApiCalls = new LongAdder();
        volatile long lastOldApiCall;
        volatile long lastNewApiCall;

        Usage(ClientMeters.Counters counters) {
            this.counters = counters;
        }

        ClientView view(String client) {
            return new ClientView(
                    client,
                    oldApiCalls.sum(),
                    newApiCalls.sum(),
                    lastOldApiCall == 0 ? null : Instant.ofEpochMilli(lastOldApiCall),
                    lastNewApiCall == 0 ? null : Instant.ofEpochMilli(lastNewApiCall));
        }
    }
}
