package dev.molt.gateway.clients;

import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.Target;
import java.util.EnumMap;
import java.util.Map;

/**
 * When each route group was last routed to each target (epoch millis, 0 for never): the clocks the
 * quiet-period guards read, kept apart from the bounded client table so that evicting a client never
 * makes its calls count as silence.
 *
 * @param lastCall per route group and target, the epoch millis of the last call routed there
 */
public record CallTimes(Map<RouteGroup, Map<Target, Long>> lastCall) {

    public CallTimes {
        Map<RouteGroup, Map<Target, Long>> copy = new EnumMap<>(RouteGroup.class);
        for (RouteGroup group : RouteGroup.values()) {
            Map<Target, Long> byTarget = new EnumMap<>(Target.class);
            for (Target target : Target.values()) {
                Map<Target, Long> given = lastCall == null ? null : lastCall.get(group);
                Long at = given == null ? null : given.get(target);
                byTarget.put(target, at == null ? 0L : at);
            }
            copy.put(group, Map.copyOf(byTarget));
        }
        lastCall = Map.copyOf(copy);
    }

    public static CallTimes none() {
        return new CallTimes(Map.of());
    }

    /**
     * For when the stored times are lost: a call on every route the quiet guards watch (any group to
     * NEW, which covers old-API, alias and new-API traffic) at {@code at}, so that their quiet period
     * starts again rather than passing at once; the OLD targets stay unknown, which keeps the
     * not-forceable "no write to OLD since the switch" guard from blocking for ever.
     */
    public static CallTimes everyRouteToNewAt(long at) {
        Map<RouteGroup, Map<Target, Long>> times = new EnumMap<>(RouteGroup.class);
        for (RouteGroup group : RouteGroup.values()) {
            times.put(group, Map.of(Target.NEW, at));
        }
        return new CallTimes(times);
    }

    public long of(RouteGroup group, Target target) {
        return lastCall.get(group).get(target);
    }
}
