package dev.molt.gateway.scg;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import dev.molt.gateway.config.Problems;
import dev.molt.gateway.routing.DeprecationHeaders;
import dev.molt.gateway.routing.LiveBackends;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.RouteMetadata;
import dev.molt.gateway.routing.RouteRules;
import dev.molt.gateway.routing.RoutingProperties;
import dev.molt.gateway.routing.RoutingState;
import dev.molt.gateway.routing.Target;
import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Declares every route any stage can need, once: per group one route per possible target (OLD, NEW,
 * GONE), each guarded by a predicate that reads the {@link RoutingState} snapshot. Route selection is
 * then a few string comparisons and a volatile read, no route refresh is ever needed, and a request
 * keeps the backend of the route it matched even if the stage changes while it runs.
 * <p>
 * Most routed requests never reach these routes: the public fast path ({@code fastpath}) proxies
 * them with the same rules, sharing the filters' logic. These routes serve the rest (410 Gone,
 * HTTP/1.0, {@code Expect} and {@code Upgrade} requests, requests taken while shutting down), so
 * they stay complete for every target.
 */
@Configuration(proxyBeanMethods = false)
class StageRoutes {

    /** Runs after SCG's RouteToRequestUrlFilter (10000), so the request URL exists and may be re-targeted. */
    private static final int AFTER_REQUEST_URL = 10001;

    @Bean
    RouteLocator stageRouteLocator(
            RouteLocatorBuilder builder,
            RoutingProperties properties,
            RoutingState state,
            DeprecationHeaders deprecation,
            ReadYourWritesFilters readYourWrites,
            LiveBackends live) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        for (RouteGroup group : RouteGroup.values()) {
            RoutingProperties.Group paths = properties.groups().group(group);
            for (Target target : new Target[] {Target.OLD, Target.NEW, Target.GONE}) {
                if (!group.oldApi() && target != Target.NEW) {
                    continue;
                }
                URI backend = target == Target.GONE
                        ? properties.backends().of(group, Target.NEW)
                        : properties.backends().of(group, target);
                routes.route(
                        group.id() + "-" + target.name().toLowerCase(),
                        r -> r.predicate(exchange -> state.current().target(group) == target
                                        && paths.matches(
                                                exchange.getRequest().getPath().value()))
                                .filters(f ->
                                        filters(f, group, target, paths, properties, deprecation, readYourWrites, live))
                                .metadata(RouteMetadata.GROUP, group)
                                .metadata(RouteMetadata.TARGET, target)
                                .metadata(
                                        CONNECT_TIMEOUT_ATTR,
                                        properties.connectTimeout().toMillis())
                                .metadata(
                                        RESPONSE_TIMEOUT_ATTR,
                                        properties.responseTimeout().toMillis())
                                .uri(backend));
            }
        }
        return routes.build();
    }

    private static GatewayFilterSpec filters(
            GatewayFilterSpec f,
            RouteGroup group,
            Target target,
            RoutingProperties.Group paths,
            RoutingProperties properties,
            DeprecationHeaders deprecation,
            ReadYourWritesFilters readYourWrites,
            LiveBackends live) {
        RouteRules rules = RouteRules.of(group, target, properties.getRetries());
        if (rules.gone()) {
            return f.filter(new GoneFilter(paths));
        }
        f.filter(new LiveBackendFilter(live, group, target), AFTER_REQUEST_URL);
        if (rules.announcesSuccessor()) {
            f.filter(deprecationFilter(deprecation, paths));
        }
        if (rules.readsYourWrites()) {
            f.filter(readYourWrites.read(() -> live.current().of(group, Target.OLD)), AFTER_REQUEST_URL + 1);
        }
        if (rules.acknowledgesWrites()) {
            f.filter(readYourWrites.acknowledgedWrite());
        }
        if (rules.readRetries() > 0) {
            f.filter(new ReadRetry(rules));
        }
        return f;
    }

    /** Adds the {@link DeprecationHeaders} to the answers of an old-API route. */
    private static GatewayFilter deprecationFilter(DeprecationHeaders deprecation, RoutingProperties.Group paths) {
        return (exchange, chain) -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            deprecation.addTo(exchange.getRequest().getPath().value(), paths, headers::set, headers::add);
            return chain.filter(exchange);
        };
    }

    /**
     * Sends the request to the backend in force ({@link LiveBackends}) where the configured one changed
     * since the route was built: routes are built once, the backends follow the configuration.
     */
    record LiveBackendFilter(LiveBackends live, RouteGroup group, Target target) implements GatewayFilter {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            URI backend = live.current().of(group, target);
            URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
            if (url != null
                    && !(backend.getHost().equals(url.getHost())
                            && backend.getPort() == url.getPort()
                            && backend.getScheme().equalsIgnoreCase(url.getScheme()))) {
                exchange.getAttributes()
                        .put(
                                GATEWAY_REQUEST_URL_ATTR,
                                UriComponentsBuilder.fromUri(url)
                                        .scheme(backend.getScheme())
                                        .host(backend.getHost())
                                        .port(backend.getPort())
                                        .build(true)
                                        .toUri());
            }
            return chain.filter(exchange);
        }
    }

    /** Answers 410 Gone naming the successor path, without calling any backend. */
    record GoneFilter(RoutingProperties.Group paths) implements GatewayFilter {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            String path = exchange.getRequest().getPath().value();
            String successor = paths.successorOf(path);
            if (successor != null) {
                exchange.getResponse().getHeaders().add(HttpHeaders.LINK, DeprecationHeaders.successorLink(successor));
            }
            String detail =
                    successor == null ? path + " is no longer served" : path + " is no longer served; use " + successor;
            return Problems.write(exchange.getResponse(), HttpStatus.GONE, "Gone", detail, path);
        }
    }
}
