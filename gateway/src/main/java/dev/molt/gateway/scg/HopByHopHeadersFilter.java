package dev.molt.gateway.scg;

import dev.molt.gateway.routing.HopByHopHeaders;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Applies {@link HopByHopHeaders} on the stage routes, to requests and answers, before Spring Cloud
 * Gateway's own hop-by-hop filter (which would drop the {@code Connection} header that lists the
 * names), so that both proxy paths follow the same rule.
 */
@Component
class HopByHopHeadersFilter implements HttpHeadersFilter, Ordered {

    private final HopByHopHeaders rule;

    HopByHopHeadersFilter(HopByHopHeaders rule) {
        this.rule = rule;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders filtered = new HttpHeaders();
        filtered.putAll(input);
        rule.forEachToRemove(input.getConnection(), false, filtered::remove);
        return filtered;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST || type == Type.RESPONSE;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 2;
    }
}
