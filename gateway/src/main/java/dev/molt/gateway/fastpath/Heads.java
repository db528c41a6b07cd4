package dev.molt.gateway.fastpath;

import dev.molt.gateway.config.Problems;
import dev.molt.gateway.config.ProxyProblem;
import dev.molt.gateway.routing.RouteGroup;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * How the fast path writes heads for the next hop, as the stage routes do: hop-by-hop headers
 * dropped by the shared rule (the body framing kept with the body), the backend named as host, the
 * client's own connection choice and framing on answers, the successor announced on old-API answers.
 */
final class Heads {

    private Heads() {}

    /** Rewrites a client's request head for {@code backend}; the client's head is not needed as it was. */
    static void toBackend(FastPath fastPath, HttpRequest head, Backend backend) {
        HttpHeaders headers = head.headers();
        dropHopByHop(fastPath, headers);
        headers.set(HttpHeaderNames.HOST, backend.hostHeader());
    }

    /** Rewrites a backend's (final) answer head for the client that sent a {@code method} request. */
    static void toClient(FastPath fastPath, HttpMethod method, HttpResponse response, boolean keepAlive) {
        HttpHeaders headers = response.headers();
        dropHopByHop(fastPath, headers);
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        int status = response.status().code();
        boolean mayHaveBody = method != HttpMethod.HEAD && status != 204 && status != 304;
        if (!HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response) && mayHaveBody) {
            // the backend ends this body by closing its connection; the client's connection stays open
            HttpUtil.setTransferEncodingChunked(response, true);
        }
    }

    private static void dropHopByHop(FastPath fastPath, HttpHeaders headers) {
        List<String> connection =
                headers.contains(HttpHeaderNames.CONNECTION) ? headers.getAll(HttpHeaderNames.CONNECTION) : List.of();
        fastPath.hopByHopHeaders.forEachToRemove(connection, true, headers::remove);
    }

    /** Adds the deprecation headers an answer on an old-API path carries. */
    static void announceSuccessor(FastPath fastPath, RouteGroup group, String path, HttpHeaders headers) {
        if (group.oldApi()) {
            fastPath.deprecation.addTo(path, fastPath.groups.group(group), headers::set, headers::add);
        }
    }

    /** A complete problem answer; with {@code close}, one that tells the client the connection ends. */
    static FullHttpResponse problem(ProxyProblem problem, String path, Object cause, boolean close) {
        HttpStatus status = problem.status();
        byte[] body = Problems.json(status, problem.title(), problem.detail(path, cause), path);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status.value()), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
