package dev.molt.gateway.scg;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import dev.molt.gateway.consistency.ClientIdentity;
import dev.molt.gateway.consistency.ConsistencyToken;
import dev.molt.gateway.consistency.ReadYourWrites;
import dev.molt.gateway.routing.Target;
import java.net.URI;
import java.util.function.Supplier;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Read-your-writes on the stage routes: the Spring Cloud Gateway side of {@link ReadYourWrites},
 * which decides (pass, wait, or fall back to OLD) without knowing either path; the fast path adapts
 * the same decision to its own requests.
 */
@Component
class ReadYourWritesFilters {

    private final ReadYourWrites readYourWrites;
    private final ClientIdentity clients;

    ReadYourWritesFilters(ReadYourWrites readYourWrites, ClientIdentity clients) {
        this.readYourWrites = readYourWrites;
        this.clients = clients;
    }

    /** On command routes to OLD: records the acknowledgement time before the client can see it. */
    GatewayFilter acknowledgedWrite() {
        return (exchange, chain) -> {
            exchange.getResponse().beforeCommit(() -> {
                var status = exchange.getResponse().getStatusCode();
                if (status != null && status.is2xxSuccessful()) {
                    String token = readYourWrites.acknowledged(clients.of(exchange));
                    exchange.getResponse().getHeaders().set(ConsistencyToken.NAME, token);
                    exchange.getResponse().getHeaders().add(HttpHeaders.SET_COOKIE, readYourWrites.cookie(token));
                }
                return Mono.empty();
            });
            return chain.filter(exchange);
        };
    }

    /** On the old-API query route to NEW: re-targets a read to {@code oldBackend} (as in force) while it would be stale. */
    GatewayFilter read(Supplier<URI> oldBackends) {
        return (exchange, chain) -> {
            String client = clients.of(exchange);
            HttpHeaders headers = exchange.getRequest().getHeaders();
            if (readYourWrites.readsNewAtOnce(client, headers::getFirst)) {
                return chain.filter(exchange);
            }
            return readYourWrites.awaitReadTarget(client, headers::getFirst).flatMap(target -> {
                if (target == Target.OLD) {
                    URI oldBackend = oldBackends.get();
                    URI url = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
                    URI toOld = UriComponentsBuilder.fromUri(url)
                            .scheme(oldBackend.getScheme())
                            .host(oldBackend.getHost())
                            .port(oldBackend.getPort())
                            .build(true)
                            .toUri();
                    exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, toOld);
                }
                return chain.filter(exchange);
            });
        };
    }
}
