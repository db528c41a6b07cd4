package dev.molt.gateway.routing;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpHeaders;

/**
 * Once the new API is routed, old-API answers announce it (RFC 9745 {@code Deprecation}, RFC 8594
 * {@code Sunset}, and a {@code successor-version} link), so clients learn of the move from the
 * responses they already get.
 */
final class DeprecationHeaders {

    private final String sunset;
    private final RoutingState state;

    DeprecationHeaders(RoutingProperties properties, RoutingState state) {
        this.sunset = properties.sunset();
        this.state = state;
    }

    GatewayFilter filterFor(RoutingProperties.Group paths) {
        return (exchange, chain) -> {
            if (state.current().successorRouted()) {
                HttpHeaders headers = exchange.getResponse().getHeaders();
                headers.set("Deprecation", "true");
                headers.set("Sunset", sunset);
                String successor =
                        paths.successorOf(exchange.getRequest().getPath().value());
                if (successor != null) {
                    headers.add(HttpHeaders.LINK, "<" + successor + ">; rel=\"successor-version\"");
                }
            }
            return chain.filter(exchange);
        };
    }
}
