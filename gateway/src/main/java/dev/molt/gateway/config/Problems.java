package dev.molt.gateway.config;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Builds RFC 9457 problem bodies by hand, so that the public port and the admin port answer the same
 * shape without depending on a codec's problem mix-in.
 */
public final class Problems {

    private Problems() {}

    /** A problem body with the standard members plus any extensions, in insertion order. */
    public static Map<String, Object> problem(
            HttpStatus status, String title, String detail, Map<String, ?> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.putAll(extensions);
        return body;
    }

    /** Writes a small problem without a codec; used on the public hot path (410, 503, 504). */
    public static Mono<Void> write(
            ServerHttpResponse response, HttpStatus status, String title, String detail, String instance) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] bytes = json(status, title, detail, instance);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    /** Writes {@code problem} for a request to {@code path}; {@code cause} as {@link ProxyProblem#detail} takes it. */
    public static Mono<Void> write(ServerHttpResponse response, ProxyProblem problem, String path, Object cause) {
        return write(response, problem.status(), problem.title(), problem.detail(path, cause), path);
    }

    /** The UTF-8 body of a small problem, for {@link #write} and the public fast path. */
    public static byte[] json(HttpStatus status, String title, String detail, String instance) {
        String json = "{\"type\":\"about:blank\",\"title\":\"" + escape(title) + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + escape(detail) + "\",\"instance\":\"" + escape(instance) + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
