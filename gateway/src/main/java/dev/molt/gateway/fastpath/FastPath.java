package dev.molt.gateway.fastpath;

import dev.molt.gateway.clients.ClientUsage;
import dev.molt.gateway.consistency.ClientIdentity;
import dev.molt.gateway.consistency.ReadYourWrites;
import dev.molt.gateway.fence.CommandFence;
import dev.molt.gateway.routing.DeprecationHeaders;
import dev.molt.gateway.routing.HopByHopHeaders;
import dev.molt.gateway.routing.LiveBackends;
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

    /** The backends by group, OLD and NEW, replaced as a whole when the configured backends change. */
    private volatile Backend[][] backends;

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
            TrafficRecorder traffic,
            LiveBackends live) {
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
        this.backends = backendsOf(live.current());
        this.enabled = allPlainHttp(backends);
        live.onChange(changed -> {
            Backend[][] next = backendsOf(changed);
            // a backend moved to https: WebFlux takes the requests the fast path cannot reach
            backends = allPlainHttp(next) ? next : new Backend[2][GROUPS.length];
        });
    }

    private static Backend[][] backendsOf(RoutingProperties.Backends configured) {
        Backend[][] byTarget = new Backend[2][GROUPS.length];
        for (RouteGroup group : GROUPS) {
            byTarget[0][group.ordinal()] = Backend.of(configured.of(group, Target.OLD));
            byTarget[1][group.ordinal()] = Backend.of(configured.of(group, Target.NEW));
        }
        return byTarget;
    }

    private static boolean allPlainHttp(Backend[][] byTarget) {
        for (Backend[] row : byTarget) {
            for (Backend backend : row) {
                if (backend == null) {
                    return false;
                }
            }
        }
        return true;
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
        Backend[][] byTarget = backends;
        return target == Target.OLD
                ? byTarget[0][group.ordinal()]
                : target == Target.NEW ? byTarget[1][group.ordinal()] : null;
    }
}
