package dev.molt.gateway.admin;

import dev.molt.gateway.config.Problems;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The metrics on the management port ({@code /actuator/prometheus}, {@code /actuator/metrics}) answer
 * only callers with the admin token, as the admin API does: they name the stage, the pipelines'
 * lag and who is still on the old API. Health stays open for probes and load balancers. A bean of
 * the management child context (listed in the actuator's {@code ManagementContextConfiguration}
 * imports); the component scan also finds this class, and the condition keeps it out of the public
 * server's context.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(MetricsAccess.InAChildContext.class)
class MetricsAccess {

    private static final String BEARER = "Bearer ";

    @Bean
    WebFilter metricsOnlyWithTheAdminToken(AdminToken token, WebEndpointProperties endpoints) {
        String basePath = endpoints.getBasePath().equals("/") ? "" : endpoints.getBasePath();
        return new TokenRequired(token, basePath + "/prometheus", basePath + "/metrics");
    }

    /** True in a context with a parent: the management child context, not the gateway's own. */
    static final class InAChildContext implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return context.getBeanFactory() != null && context.getBeanFactory().getParentBeanFactory() != null;
        }
    }

    /** 401 without a bearer token, 403 with another than the admin token, on the two paths and below them. */
    private record TokenRequired(AdminToken token, String prometheus, String metrics) implements WebFilter, Ordered {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            String path =
                    exchange.getRequest().getPath().pathWithinApplication().value();
            if (!under(path, prometheus) && !under(path, metrics)) {
                return chain.filter(exchange);
            }
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                return Problems.write(
                        exchange.getResponse(),
                        HttpStatus.UNAUTHORIZED,
                        "Unauthorized",
                        "send Authorization: Bearer <admin token>",
                        path);
            }
            if (!token.matches(header.substring(BEARER.length()).trim())) {
                return Problems.write(
                        exchange.getResponse(),
                        HttpStatus.FORBIDDEN,
                        "Forbidden",
                        "the admin token is not valid",
                        path);
            }
            return chain.filter(exchange);
        }

        private static boolean under(String path, String base) {
            return path.equals(base) || path.startsWith(base + "/");
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE + 1;
        }
    }
}
