package dev.molt.gateway.scg;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;

import dev.molt.gateway.routing.RouteRules;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Sends a GET again when its backend connection failed before any response arrived: the connection
 * was refused, or the backend closed it without answering (a restarting service). A read is
 * idempotent, so a second attempt changes nothing but the outcome. Commands never pass through this
 * filter: a command the backend may have received is never sent twice. Time-outs are not retried
 * either, so a hung backend costs one response time-out, not several.
 * <p>
 * Used instead of Spring Cloud Gateway's {@code Retry} filter, which caches every request body for
 * replay and runs a repeat-on-status operator on every request; here a request that succeeds pays
 * one {@code onErrorResume}, and a GET without a body has nothing to replay.
 */
final class ReadRetry implements GatewayFilter {

    private final RouteRules rules;

    ReadRetry(RouteRules rules) {
        this.rules = rules;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        int retries = rules.retriesOf(
                exchange.getRequest().getMethod().name(),
                headers.getContentLength(),
                headers.containsHeader(HttpHeaders.TRANSFER_ENCODING));
        if (retries == 0) {
            return chain.filter(exchange);
        }
        return attempt(exchange, chain, retries, retries);
    }

    private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, int retries, int retriesLeft) {
        Mono<Void> call = chain.filter(exchange);
        if (retriesLeft == 0) {
            return call;
        }
        return call.onErrorResume(error -> failedBeforeAnyResponse(error, exchange), error -> {
            ServerWebExchangeUtils.reset(exchange);
            Duration wait = RouteRules.readRetryDelay(retries - retriesLeft);
            return Mono.delay(wait).then(Mono.defer(() -> attempt(exchange, chain, retries, retriesLeft - 1)));
        });
    }

    private static boolean failedBeforeAnyResponse(Throwable error, ServerWebExchange exchange) {
        if (exchange.getResponse().isCommitted() || exchange.getAttribute(CLIENT_RESPONSE_ATTR) != null) {
            return false;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof PrematureCloseException) {
                return true;
            }
            if (t instanceof IOException io
                    && io.getMessage() != null
                    && io.getMessage().contains("reset")) {
                return true;
            }
        }
        return false;
    }
}
