package dev.molt.replicator.api;

import dev.molt.replicator.config.ApiProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The control API starts, stops and drains replication, so it answers only callers that hold the
 * admin token: 401 without one, 403 with a wrong one, compared in constant time. Without a
 * configured token nothing is answered, rather than everything. The metrics (Prometheus scrape and
 * {@code /actuator/metrics}) take the same token; health checks stay open.
 */
@Component
class ApiTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final Pattern GUARDED = Pattern.compile("/(replication|actuator/prometheus|actuator/metrics)(/.*)?");

    private final byte[] token;

    ApiTokenFilter(ApiProperties properties) {
        this.token = properties.hasToken() ? properties.token().getBytes(StandardCharsets.UTF_8) : null;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !GUARDED.matcher(path).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token == null) {
            refuse(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "the replicator has no admin token configured (molt.api.token / MOLT_ADMIN_TOKEN), so its"
                            + " control API is closed");
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "send Authorization: Bearer <admin token>");
            return;
        }
        byte[] candidate = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, candidate)) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "the bearer token is not the admin token");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        String title = status == HttpServletResponse.SC_UNAUTHORIZED ? "Unauthorized" : "Forbidden";
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
