package dev.molt.gateway.fence;

import dev.molt.gateway.config.ConnectionProperties;
import dev.molt.gateway.config.Problems;
import dev.molt.gateway.config.ProxyProblem;
import dev.molt.gateway.routing.RouteRules;
import dev.molt.gateway.routing.RoutingProperties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The door of the command routes. Counts commands in flight and, while closed, parks new ones
 * until it opens again. It runs before route lookup, on both paths of the public port (as a
 * {@code WebFilter} for what WebFlux serves, through {@link #tryEnter()} in the public fast path), so
 * a released command picks its route only after the flip. Entering increments the in-flight count before it
 * reads the gate, and closing sets the gate before it reads the count, so no command slips past
 * a closed door unseen. A command enters with its whole body received (at most
 * {@code molt.gateway.server.max-command-body}, 413 above; the connection guard's body time-out
 * answers 408 to a client too slow to send it), so a slow client never counts as in flight. A command let in
 * stays in flight until its backend exchange has ended, whatever its client does meanwhile (closing the
 * connection does not cancel it), since the backend may commit it until then. Held commands resume on Reactor's parallel workers (or their connection's
 * event loop in the fast path), not on the thread that opens the door: otherwise opening would run every held command's route lookup and send one
 * after the other on that thread, and the last one would wait for all the others.
 */
@Component
public class CommandFence implements WebFilter, Ordered {

    private final RoutingProperties.Groups groups;
    private final int maxCommandBodyBytes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Sinks.Empty<Void> gate;
    private volatile String refusal;

    CommandFence(RoutingProperties routing, ConnectionProperties connections) {
        this.maxCommandBodyBytes = connections.maxCommandBodyBytes();
        this.groups = routing.groups();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isCommand(
                exchange.getRequest().getMethod().name(),
                exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        return receiveThenEnter(exchange, chain);
    }

    private Mono<Void> receiveThenEnter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > maxCommandBodyBytes) {
            return tooLarge(exchange);
        }
        DataBufferFactory buffers = exchange.getResponse().bufferFactory();
        return DataBufferUtils.join(request.getBody(), maxCommandBodyBytes)
                .map(CommandFence::bytesOf)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> enter(
                        exchange.mutate()
                                .request(withBody(request, body, buffers))
                                .build(),
                        chain))
                .onErrorResume(DataBufferLimitException.class, e -> tooLarge(exchange));
    }

    private static byte[] bytesOf(DataBuffer joined) {
        byte[] bytes = new byte[joined.readableByteCount()];
        joined.read(bytes);
        DataBufferUtils.release(joined);
        return bytes;
    }

    private static ServerHttpRequest withBody(ServerHttpRequest request, byte[] body, DataBufferFactory buffers) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return body.length == 0 ? Flux.empty() : Flux.defer(() -> Flux.just(buffers.wrap(body)));
            }
        };
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().value();
        exchange.getResponse().getHeaders().setConnection("close");
        return Problems.write(exchange.getResponse(), ProxyProblem.COMMAND_TOO_LARGE, path, maxCommandBodyBytes);
    }

    private Mono<Void> enter(ServerWebExchange exchange, WebFilterChain chain) {
        String refused = refusal;
        if (refused != null) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return Problems.write(
                    exchange.getResponse(),
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Commands held",
                    refused,
                    exchange.getRequest().getPath().value());
        }
        if (tryEnter()) {
            return whateverTheClientDoes(chain.filter(exchange).doFinally(signal -> exit()));
        }
        return whenOpen().publishOn(Schedulers.parallel()).then(Mono.defer(() -> enter(exchange, chain)));
    }

    /**
     * Runs {@code command} to its end even if the client goes away: the client closing its connection
     * cancels what the server subscribed, which would cancel the backend exchange (Reactor Netty closes a
     * backend connection whose answer is cancelled) and leave the fence while the backend may still commit.
     * Here the client's cancel only stops waiting; the command goes on until its backend has answered and
     * the answer has been written (to a closed connection: the write fails at once), its backend
     * connection has closed, or Spring Cloud Gateway's response time-out has closed it. The server's
     * context is kept, as Spring Cloud Gateway reads it.
     */
    private static Mono<Void> whateverTheClientDoes(Mono<Void> command) {
        return Mono.deferContextual(context -> {
            Sinks.Empty<Void> ended = Sinks.empty();
            command.contextWrite(context).subscribe(null, ended::tryEmitError, ended::tryEmitEmpty);
            return ended.asMono();
        });
    }

    /**
     * Lets a command in and counts it as in flight, or refuses it (uncounted) while the door is
     * closed. Every command let in must be matched by one {@link #exit()} when its answer is complete.
     */
    public boolean tryEnter() {
        inFlight.incrementAndGet();
        if (gate == null) {
            return true;
        }
        inFlight.decrementAndGet();
        return false;
    }

    /** A command let in by {@link #tryEnter()} has its answer (or failed): it is no longer in flight. */
    public void exit() {
        inFlight.decrementAndGet();
    }

    /** Completes when the door opens, at once if it is open; a refused command then tries to enter again. */
    public Mono<Void> whenOpen() {
        Sinks.Empty<Void> closed = gate;
        return closed == null ? Mono.empty() : closed.asMono();
    }

    /** True for a request that passes the fence: a command by {@link RouteRules#isCommand} on the group of its path. */
    boolean isCommand(String method, String path) {
        return RouteRules.isCommand(groups.groupOf(path), method);
    }

    /**
     * Refuses commands (503 with Retry-After and {@code reason}) until {@link #allowCommands()}: for
     * a replica that lost its lease on the shared state and may not know the stage in force. The fast
     * path hands such commands to this filter.
     */
    public void refuseCommands(String reason) {
        refusal = reason;
    }

    public void allowCommands() {
        refusal = null;
    }

    /** True while commands are refused by {@link #refuseCommands}. */
    public boolean refusing() {
        return refusal != null;
    }

    /** Closes the door: commands arriving from now on wait. */
    void close() {
        gate = Sinks.empty();
    }

    /** Opens the door: waiting commands continue and look up their route now. */
    void open() {
        Sinks.Empty<Void> closed = gate;
        gate = null;
        if (closed != null) {
            closed.tryEmitEmpty();
        }
    }

    /** Waits, on the calling (non-event-loop) thread, until no command is in flight; false at the deadline. */
    boolean awaitIdle(long deadlineNanos) {
        while (inFlight.get() > 0) {
            if (System.nanoTime() >= deadlineNanos) {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    public int inFlight() {
        return inFlight.get();
    }
}
