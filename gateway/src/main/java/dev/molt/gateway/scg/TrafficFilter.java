package dev.molt.gateway.scg;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.RouteMetadata;
import dev.molt.gateway.routing.Target;
import dev.molt.gateway.traffic.TrafficRecorder;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * Reports each request the stage routes serve to the {@link TrafficRecorder}, as the fast path does
 * for its own. A proxy failure reaches the client as the problem the error handler writes after this
 * filter's chain has failed (502, 503 or 504), so its status is taken when that answer is committed;
 * an answer that broke off after it had begun counts as {@link TrafficRecorder#TRANSFER_FAILED}.
 */
@Component
class TrafficFilter implements GlobalFilter, Ordered {

    private final TrafficRecorder traffic;

    TrafficFilter(TrafficRecorder traffic) {
        this.traffic = traffic;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        if (route == null || !(route.getMetadata().get(RouteMetadata.GROUP) instanceof RouteGroup group)) {
            return chain.filter(exchange);
        }
        Target target = route.getMetadata().get(RouteMetadata.TARGET) instanceof Target t ? t : Target.NONE;
        long started = System.nanoTime();
        return chain.filter(exchange)
                .doOnSuccess(done -> record(group, target, status(exchange), started))
                .doOnCancel(() -> record(group, target, TrafficRecorder.CLIENT_CLOSED, started))
                .doOnError(error -> {
                    if (error instanceof AbortedException) {
                        record(group, target, TrafficRecorder.CLIENT_CLOSED, started);
                        return;
                    }
                    if (exchange.getResponse().isCommitted()) {
                        record(group, target, TrafficRecorder.TRANSFER_FAILED, started);
                        return;
                    }
                    exchange.getResponse().beforeCommit(() -> {
                        record(group, target, status(exchange), started);
                        return Mono.empty();
                    });
                });
    }

    private void record(RouteGroup group, Target target, int status, long started) {
        traffic.record(group, target, status, System.nanoTime() - started);
    }

    private static int status(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status == null ? 200 : status.value();
    }
}
