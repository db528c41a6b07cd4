package dev.molt.gateway.routing;

import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The route table in force, as one volatile reference. Route predicates read it for each new
 * request; a request that already matched keeps its route (and backend) to the end, which is what
 * makes a switch safe for requests in flight without rebuilding routes.
 */
@Component
public class RoutingState {

    private volatile RouteTable current = new RouteTable(Target.OLD, Target.OLD, Target.NONE, Target.NONE);
    private volatile Instant successorRoutedSince;

    public RouteTable current() {
        return current;
    }

    /** When the new API was first routed (stage 8 entered), or null while it is not routed. */
    Instant successorRoutedSince() {
        return successorRoutedSince;
    }

    /**
     * Makes {@code table} the table for every request matched from now on; {@code successorRoutedSince}
     * is when the new API was first routed (null while {@code table} does not route it), the base of
     * the {@code Sunset} date.
     */
    public void publish(RouteTable table, Instant successorRoutedSince) {
        this.successorRoutedSince = table.successorRouted() ? successorRoutedSince : null;
        current = table;
    }
}
