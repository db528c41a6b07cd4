package dev.molt.gateway.scg;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.molt.gateway.clients.ClientUsage;
import dev.molt.gateway.consistency.ClientIdentity;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.RouteMetadata;
import dev.molt.gateway.routing.Target;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Counts the calls the stage routes serve in {@link ClientUsage}, as the fast path does for its own. */
@Component
class ClientUsageFilter implements GlobalFilter, Ordered {

    private final ClientUsage usage;
    private final ClientIdentity identity;

    ClientUsageFilter(ClientUsage usage, ClientIdentity identity) {
        this.usage = usage;
        this.identity = identity;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        if (route != null
                && route.getMetadata().get(RouteMetadata.GROUP) instanceof RouteGroup group
                && route.getMetadata().get(RouteMetadata.TARGET) instanceof Target target) {
            usage.record(identity.of(exchange), group, target, System.currentTimeMillis());
        }
        return chain.filter(exchange);
    }
}
