package dev.molt.gateway.dashboard;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the dashboard page at {@code /} and its scripts and styles under {@code /dashboard/}, from
 * the classpath: no build step, nothing fetched from the network at run time. The page needs no token
 * to load; it is the admin API behind it that does. A strict content security policy lets the page
 * run only its own files (no inline script, no other origin), so a value shown on it can never run.
 */
@Component
public class DashboardPage {

    private static final String LOCATION = "dashboard/";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final Resource index = new ClassPathResource(LOCATION + "index.html");

    /** The page's routes; they sit in front of the admin API's and take no token. */
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(
                        "/",
                        request -> ServerResponse.ok()
                                .contentType(MediaType.TEXT_HTML)
                                .cacheControl(CacheControl.noCache())
                                .bodyValue(index))
                .add(RouterFunctions.resources("/dashboard/**", new ClassPathResource(LOCATION)))
                .filter((request, next) -> {
                    HttpHeaders headers = request.exchange().getResponse().getHeaders();
                    headers.set("Content-Security-Policy", POLICY);
                    headers.set("X-Content-Type-Options", "nosniff");
                    headers.set("Referrer-Policy", "no-referrer");
                    headers.setCacheControl(CacheControl.noCache());
                    return next.handle(request);
                })
                .build();
    }
}
