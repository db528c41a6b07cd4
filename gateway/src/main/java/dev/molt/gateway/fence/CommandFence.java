package dev.molt.gateway.fence;

import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.RoutingProperties;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The door of the command routes. Counts commands in flight and, while closed, parks new ones
 * until it opens again. It is a {@code WebFilter}, so it runs before route lookup: a released
 * command picks its route only after the flip. Entering increments the in-flight count before it
 * reads the gate, and closing sets the gate before it reads the count, so no command slips past
 * a closed door unseen. Held commands resume on Reactor's parallel workers, not on the thread
 * that opens the door: otherwise opening would run every held command's route lookup and send one
 * after the other on that thread, and the last one would wait for all the others.
 */
@Component
public class CommandFence implements WebFilter, Ordered {

    private final List<RoutingProperties.Group> commandGroups;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Sinks.Empty<Void> gate;

    CommandFence(RoutingProperties routing) {
        this.commandGroups = List.of(
                routing.groups().group(RouteGroup.OLD_API_COMMAND),
                routing.groups().group(RouteGroup.NEW_API_COMMAND));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isCommand(exchange)) {
            return chain.filter(exchange);
        }
        return enter(exchange, chain);
    }

    private Mono<Void> enter(ServerWebExchange exchange, WebFilterChain chain) {
        inFlight.incrementAndGet();
        Sinks.Empty<Void> closed = gate;
        if (closed == null) {
            return chain.filter(exchange).doFinally(signal -> inFlight.decrementAndGet());
        }
        inFlight.decrementAndGet();
        return closed.asMono().publishOn(Schedulers.parallel()).then(Mono.defer(() -> enter(exchange, chain)));
    }

    private boolean isCommand(ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return false;
        }
        String path = exchange.getRequest().getPath().value();
        for (RoutingProperties.Group group : commandGroups) {
            if (group.matches(path)) {
                return true;
            }
        }
        return false;
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
