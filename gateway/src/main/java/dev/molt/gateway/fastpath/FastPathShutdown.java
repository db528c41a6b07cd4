package dev.molt.gateway.fastpath;

import dev.molt.gateway.routing.RoutingProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Lets requests the fast path has taken on finish before the server shuts down gracefully. Reactor
 * Netty's graceful shutdown waits only for the requests WebFlux serves and closes every other
 * connection, so just before it starts, the fast path hands new requests to WebFlux and waits for
 * its own: at most the response time-out plus a second, since every proxied request is answered or
 * timed out by then.
 */
@Component
@ConditionalOnBooleanProperty(FastPathProperties.ENABLED)
class FastPathShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FastPathShutdown.class);

    private final FastPath fastPath;
    private final Duration longestWait;
    private volatile boolean running;

    FastPathShutdown(FastPath fastPath, RoutingProperties routing) {
        this.fastPath = fastPath;
        this.longestWait = routing.responseTimeout().plusSeconds(1);
    }

    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (!fastPath.drain(longestWait)) {
            log.warn("Requests on the public fast path still unfinished after {} ms", longestWait.toMillis());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
