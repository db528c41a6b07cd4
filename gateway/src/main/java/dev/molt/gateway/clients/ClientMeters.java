package dev.molt.gateway.clients;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code molt.gateway.client.calls} counters, tagged by client and API with a bounded set of client
 * tags: the first {@code limit} clients seen get a tag of their own for good (the services a
 * cutover is about usually show up in the first minutes, and an operator wants to watch exactly
 * them move), every later one counts under {@code client="other"}. A flood of made-up ids thus adds
 * nothing to the registry, and the sum over all tags stays the total per API.
 */
final class ClientMeters {

    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final int limit;
    private final Map<String, Counters> own = new ConcurrentHashMap<>();
    private final Counters other;

    ClientMeters(MeterRegistry registry, int limit) {
        this.registry = registry;
        this.limit = limit;
        this.other = register(OTHER);
    }

    /** The counters of {@code client}: its own while fewer than {@code limit} clients have their own, else the shared ones. */
    Counters of(String client) {
        Counters counters = own.get(client);
        if (counters != null) {
            return counters;
        }
        if (own.size() >= limit || OTHER.equals(client)) {
            return other;
        }
        synchronized (own) {
            if (own.size() >= limit) {
                return other;
            }
            return own.computeIfAbsent(client, this::register);
        }
    }

    int ownTags() {
        return own.size();
    }

    private Counters register(String client) {
        return new Counters(counter(client, "old"), counter(client, "new"));
    }

    private Counter counter(String client, String api) {
        return Counter.builder("molt.gateway.client.calls")
                .description("Calls routed per client and API (clients beyond the metered ones under client=other)")
                .tag("client", client)
                .tag("api", api)
                .register(registry);
    }

    /** The old-API and new-API counter of one client tag. */
    record Counters(Counter oldApi, Counter newApi) {}
}
