package dev.molt.gateway.fence;

import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.RoutingProperties;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The door of the command routes. Counts commands in flight and, while closed, parks new ones
 * until it opens again. It runs before route lookup, on both paths of the public port (as a
 * {@code WebFilter} for what WebFlux serves, through {@link #tryEnter()} in the public fast path), so
 * a released command picks its route only after the flip. Entering increments the in-flight count before it
 * reads the gate, and closing sets the gate before it reads the count, so no command slips past
 * a closed door unseen. Held commands resume on Reactor's parallel workers (or their connection's
 * event loop in the fast path), not on the thread that opens the door: otherwise opening would run every held command's route lookup and send one
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
        if (!isCommand(
                exchange.getRequest().getMethod().name(),
                exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        return enter(exchange, chain);
    }

    private Mono<Void> enter(ServerWebExchange exchange, WebFilterChain chain) {
        if (tryEnter()) {
            return chain.filter(exchange).doFinally(signal -> exit());
        }
        return whenOpen().publishOn(Schedulers.parallel()).then(Mono.defer(() -> enter(exchange, chain)));
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

    /** True for a method that may change state on a path of a command group. */
    public boolean isCommand(String method, String path) {
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return false;
        }
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
