package dev.molt.gateway.scg;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.RouteMetadata;
import dev.molt.gateway.routing.RoutingProperties;
import dev.molt.gateway.routing.Target;
import dev.molt.gateway.traffic.TrafficRecorder;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * Reports each request of a route group that WebFlux serves to the {@link TrafficRecorder}, as the
 * fast path does for its own. It wraps the command fence (which may hold, refuse or turn away a
 * command before any route is chosen), so the time counted starts where the fast path's does and the
 * fence's own answers are counted too; the target is that of the route the request matched, NONE if
 * none. A proxy failure reaches the client as the problem the error handler writes after the chain
 * has failed (502, 503 or 504), so its status is taken when that answer is committed; an answer that
 * broke off after it had begun counts as {@link TrafficRecorder#TRANSFER_FAILED}.
 */
@Component
class TrafficFilter implements WebFilter, Ordered {

    private final TrafficRecorder traffic;
    private final RoutingProperties.Groups groups;

    TrafficFilter(TrafficRecorder traffic, RoutingProperties routing) {
        this.traffic = traffic;
        this.groups = routing.groups();
    }

    /** Before the command fence ({@code HIGHEST_PRECEDENCE + 10}). */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        RouteGroup group = groups.groupOf(exchange.getRequest().getPath().value());
        if (group == null) {
            return chain.filter(exchange);
        }
        long started = System.nanoTime();
        return chain.filter(exchange)
                .doOnSuccess(done -> record(exchange, group, status(exchange), started))
                .doOnCancel(() -> record(exchange, group, TrafficRecorder.CLIENT_CLOSED, started))
                .doOnError(error -> {
                    if (error instanceof AbortedException) {
                        record(exchange, group, TrafficRecorder.CLIENT_CLOSED, started);
                    } else if (exchange.getResponse().isCommitted()) {
                        record(exchange, group, TrafficRecorder.TRANSFER_FAILED, started);
                    } else {
                        exchange.getResponse().beforeCommit(() -> {
                            record(exchange, group, status(exchange), started);
                            return Mono.empty();
                        });
                    }
                });
    }

    private void record(ServerWebExchange exchange, RouteGroup group, int status, long started) {
        traffic.record(group, targetOf(exchange), status, System.nanoTime() - started);
    }

    private static Target targetOf(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        return route != null && route.getMetadata().get(RouteMetadata.TARGET) instanceof Target target
                ? target
                : Target.NONE;
    }

    private static int status(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status == null ? 200 : status.value();
    }
}
