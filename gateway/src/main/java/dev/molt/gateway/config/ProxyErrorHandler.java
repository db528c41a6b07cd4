package dev.molt.gateway.config;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Turns proxy failures into problem responses: a backend that refuses or does not accept a connection
 * is a quick 503 (the client may retry elsewhere), a backend that hangs is a 504 after the response
 * time-out, a backend whose answer is not valid HTTP a 502 with the client's connection closed. A
 * client that went away gets nothing and costs no warning. Ordered before Boot's handler so that no
 * HTML or generic error body leaks out.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProxyErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProxyErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        String path = exchange.getRequest().getPath().value();
        if (isClientGone(error)) {
            // the client closed its connection (or the connection guard closed it): nobody to answer
            log.debug("Client connection closed on {}: {}", path, error.toString());
            return Mono.empty();
        }
        if (isMalformedAnswer(error)) {
            exchange.getResponse().getHeaders().setConnection("close");
            return Problems.write(exchange.getResponse(), ProxyProblem.MALFORMED_ANSWER, path, null);
        }
        if (isConnectFailure(error)) {
            return Problems.write(
                    exchange.getResponse(), ProxyProblem.BACKEND_UNAVAILABLE, path, ProxyProblem.rootMessage(error));
        }
        if (isTimeout(error)) {
            return Problems.write(exchange.getResponse(), ProxyProblem.BACKEND_TIMED_OUT, path, null);
        }
        if (isClosedByBackend(error)) {
            return Problems.write(exchange.getResponse(), ProxyProblem.BACKEND_CLOSED, path, null);
        }
        if (error instanceof ResponseStatusException rse) {
            HttpStatus status = HttpStatus.resolve(rse.getStatusCode().value());
            HttpStatus resolved = status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
            String detail = resolved == HttpStatus.NOT_FOUND ? "No route for " + path : String.valueOf(rse.getReason());
            return Problems.write(exchange.getResponse(), resolved, resolved.getReasonPhrase(), detail, path);
        }
        log.warn("Unexpected error on {}", path, error);
        return Problems.write(
                exchange.getResponse(),
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Gateway error",
                "The gateway could not complete the request",
                path);
    }

    private static boolean isClientGone(Throwable error) {
        return error instanceof AbortedException;
    }

    private static boolean isMalformedAnswer(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BackendAnswerCheck.MalformedAnswerException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isClosedByBackend(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PrematureCloseException
                    || (t instanceof IOException io
                            && io.getMessage() != null
                            && io.getMessage().contains("reset"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable error) {
        if (error instanceof ResponseStatusException rse && rse.getStatusCode().value() == 504) {
            return true;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
