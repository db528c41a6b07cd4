package dev.molt.gateway.routing;

import org.springframework.stereotype.Component;

/**
 * The route table in force, as one volatile reference. Route predicates read it for each new
 * request; a request that already matched keeps its route (and backend) to the end, which is what
 * makes a switch safe for requests in flight without rebuilding routes.
 */
@Component
public class RoutingState {

    private volatile RouteTable current = new RouteTable(Target.OLD, Target.OLD, Target.NONE, Target.NONE);

    public RouteTable current() {
        return current;
    }

    /** Makes {@code table} the table for every request matched from now on. */
    public void publish(RouteTable table) {
        current = table;
    }
}
