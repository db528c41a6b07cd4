package dev.molt.gateway.fastpath;

import dev.molt.gateway.clients.ClientUsage;
import dev.molt.gateway.consistency.ClientIdentity;
import dev.molt.gateway.consistency.ReadYourWrites;
import dev.molt.gateway.fence.CommandFence;
import dev.molt.gateway.routing.DeprecationHeaders;
import dev.molt.gateway.routing.HopByHopHeaders;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.RoutingProperties;
import dev.molt.gateway.routing.RoutingState;
import dev.molt.gateway.routing.Target;
import dev.molt.gateway.traffic.TrafficRecorder;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * What every connection's fast path shares: the group paths and backends, resolved once, and the
 * gateway parts that both the fast path and Spring Cloud Gateway's routes use.
 */
final class FastPath {

    private static final RouteGroup[] GROUPS = RouteGroup.values();

    final RoutingState routing;
    final RoutingProperties.Groups groups;
    final CommandFence fence;
    final ReadYourWrites readYourWrites;
    final ClientIdentity identity;
    final ClientUsage usage;
    final DeprecationHeaders deprecation;
    final BackendConnections connections;
    final TrafficRecorder traffic;
    final long responseTimeoutNanos;
    final int getRetries;
    /** Largest command body; a command's body is received in full before it enters the fence. */
    final int maxCommandBodyBytes;
    /** False when some backend is not plain HTTP: then every request goes through Spring Cloud Gateway. */
    private final boolean enabled;

    /** Requests taken on and not yet finished, so that shutting down can wait for them. */
    private final LongAdder inFlight = new LongAdder();

    private volatile boolean draining;
    /** Hop-by-hop headers dropped on the way in and out, except the body framing, which is kept with the body. */
    final HopByHopHeaders hopByHopHeaders;

    private final Backend[] toOld = new Backend[GROUPS.length];
    private final Backend[] toNew = new Backend[GROUPS.length];

    FastPath(
            RoutingProperties properties,
            int maxCommandBodyBytes,
            HopByHopHeaders hopByHopHeaders,
            RoutingState routing,
            CommandFence fence,
            ReadYourWrites readYourWrites,
            ClientIdentity identity,
            ClientUsage usage,
            DeprecationHeaders deprecation,
            BackendConnections connections,
            TrafficRecorder traffic) {
        this.routing = routing;
        this.traffic = traffic;
        this.groups = properties.groups();
        this.fence = fence;
        this.readYourWrites = readYourWrites;
        this.identity = identity;
        this.usage = usage;
        this.deprecation = deprecation;
        this.connections = connections;
        this.responseTimeoutNanos = properties.responseTimeout().toNanos();
        this.getRetries = properties.getRetries();
        this.maxCommandBodyBytes = maxCommandBodyBytes;
        this.hopByHopHeaders = hopByHopHeaders;
        boolean allPlainHttp = true;
        for (RouteGroup group : GROUPS) {
            toOld[group.ordinal()] = Backend.of(properties.backends().of(group, Target.OLD));
            toNew[group.ordinal()] = Backend.of(properties.backends().of(group, Target.NEW));
            allPlainHttp &= toOld[group.ordinal()] != null && toNew[group.ordinal()] != null;
        }
        this.enabled = allPlainHttp;
    }

    /** True while the fast path takes on new requests: it can reach every backend and is not shutting down. */
    boolean serving() {
        return enabled && !draining;
    }

    void started() {
        inFlight.increment();
    }

    void finished() {
        inFlight.decrement();
    }

    /**
     * Stops taking on requests (WebFlux serves them from now on, and its graceful shutdown waits for
     * them) and waits up to {@code timeout} for those taken on to finish; false if some did not.
     */
    boolean drain(Duration timeout) {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.sum() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /** The group whose paths include {@code path}, or null. */
    RouteGroup groupOf(String path) {
        return groups.groupOf(path);
    }

    /** The backend of {@code group} at {@code target} (OLD or NEW), or null where the fast path cannot reach it. */
    Backend backend(RouteGroup group, Target target) {
        return target == Target.OLD ? toOld[group.ordinal()] : target == Target.NEW ? toNew[group.ordinal()] : null;
    }
}
