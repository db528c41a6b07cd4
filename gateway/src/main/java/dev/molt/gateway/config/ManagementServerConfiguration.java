package dev.molt.gateway.config;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The management port's own server, in the actuator's child context: it gets a connection guard of
 * its own with the public port's settings ({@link ConnectionProperties}), and it serves the actuator
 * and nothing else. The child context's web handler sees the parent's handler mappings, Spring Cloud
 * Gateway's routes among them, whose own management-port check compares with the configured port
 * and so misses an ephemeral one ({@code management.server.port=0}); the filter here answers 404 to
 * any path outside the actuator's base path before a handler is looked up. The public port's
 * {@code NettyServerCustomizer} beans (the fast path, its guard) belong to the parent and are not
 * applied to this server, which is why the guard is added through the child's factory customizer.
 * The gateway's component scan also finds this class; it applies only in a child context, so the
 * public server never gets the management guard.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementServerConfiguration.InAChildContext.class)
class ManagementServerConfiguration {

    @Bean
    ConnectionGuard managementConnectionGuard(ConnectionProperties properties) {
        return new ConnectionGuard(properties);
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> connectionGuardOnTheManagementServer(
            ConnectionGuard managementConnectionGuard) {
        return factory -> factory.addServerCustomizers(server ->
                server.doOnChannelInit((observer, channel, remote) -> managementConnectionGuard.install(channel)));
    }

    @Bean
    WebFilter onlyTheActuatorOnTheManagementPort(WebEndpointProperties endpoints) {
        String basePath = endpoints.getBasePath();
        return new OnlyUnder(basePath.equals("/") ? "" : basePath);
    }

    /** True in a context with a parent: the management child context, not the gateway's own. */
    static final class InAChildContext implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return context.getBeanFactory() != null && context.getBeanFactory().getParentBeanFactory() != null;
        }
    }

    /** Lets through only requests under one base path; any other is a 404 problem. */
    private record OnlyUnder(String basePath) implements WebFilter, Ordered {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            String path =
                    exchange.getRequest().getPath().pathWithinApplication().value();
            if (basePath.isEmpty() || path.equals(basePath) || path.startsWith(basePath + "/")) {
                return chain.filter(exchange);
            }
            return Problems.write(
                    exchange.getResponse(),
                    HttpStatus.NOT_FOUND,
                    "Not Found",
                    "The management port serves only " + basePath + "/**",
                    path);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
