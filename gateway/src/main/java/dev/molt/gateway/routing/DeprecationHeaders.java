package dev.molt.gateway.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Once the new API is routed, old-API answers announce it (RFC 9745 {@code Deprecation}, RFC 8594
 * {@code Sunset}, and a {@code successor-version} link), so clients learn of the move from the
 * responses they already get. The sunset is relative to when stage 8 was entered, so it is always a
 * date ahead of the first answer that carries it, whenever the cutover happens.
 */
@Component
public class DeprecationHeaders {

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

    /**
     * Adds the headers to the answer for {@code path} of the old-API group {@code paths} while the new
     * API is routed; {@code set} replaces a header, {@code add} appends one (a backend may send its
     * own {@code Link}).
     */
    public void addTo(
            String path,
            RoutingProperties.Group paths,
            BiConsumer<String, String> set,
            BiConsumer<String, String> add) {
        if (!state.current().successorRouted()) {
            return;
        }
        set.accept("Deprecation", "true");
        String sunsetDate = sunsetDate(state.successorRoutedSince());
        if (sunsetDate != null) {
            set.accept("Sunset", sunsetDate);
        }
        String successor = paths.successorOf(path);
        if (successor != null) {
            add.accept(HttpHeaders.LINK, successorLink(successor));
        }
    }

    /** The {@code Link} header value naming {@code successor} as the successor version of a path. */
    public static String successorLink(String successor) {
        return "<" + successor + ">; rel=\"successor-version\"";
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
