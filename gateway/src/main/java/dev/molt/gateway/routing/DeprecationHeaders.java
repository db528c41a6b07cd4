package dev.molt.gateway.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpHeaders;

/**
 * Once the new API is routed, old-API answers announce it (RFC 9745 {@code Deprecation}, RFC 8594
 * {@code Sunset}, and a {@code successor-version} link), so clients learn of the move from the
 * responses they already get. The sunset is relative to when stage 8 was entered, so it is always a
 * date ahead of the first answer that carries it, whenever the cutover happens.
 */
final class DeprecationHeaders {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final Duration sunsetAfter;
    private final RoutingState state;
    private volatile Sunset sunset;

    DeprecationHeaders(RoutingProperties properties, RoutingState state) {
        this.sunsetAfter = properties.sunsetAfter();
        this.state = state;
    }

    GatewayFilter filterFor(RoutingProperties.Group paths) {
        return (exchange, chain) -> {
            if (state.current().successorRouted()) {
                HttpHeaders headers = exchange.getResponse().getHeaders();
                headers.set("Deprecation", "true");
                String sunsetDate = sunsetDate(state.successorRoutedSince());
                if (sunsetDate != null) {
                    headers.set("Sunset", sunsetDate);
                }
                String successor =
                        paths.successorOf(exchange.getRequest().getPath().value());
                if (successor != null) {
                    headers.add(HttpHeaders.LINK, "<" + successor + ">; rel=\"successor-version\"");
                }
            }
            return chain.filter(exchange);
        };
    }

    /** The HTTP-date {@code sunsetAfter} after {@code routedSince}, formatted once per stage 8 entry. */
    String sunsetDate(Instant routedSince) {
        if (routedSince == null) {
            return null;
        }
        Sunset known = sunset;
        if (known == null || !known.routedSince().equals(routedSince)) {
            known = new Sunset(
                    routedSince, HTTP_DATE.format(routedSince.plus(sunsetAfter).truncatedTo(ChronoUnit.SECONDS)));
            sunset = known;
        }
        return known.header();
    }

    private record Sunset(Instant routedSince, String header) {}
}
