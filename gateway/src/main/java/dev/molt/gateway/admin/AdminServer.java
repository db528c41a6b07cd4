package dev.molt.gateway.admin;

import dev.molt.gateway.config.ConnectionGuard;
import dev.molt.gateway.config.ConnectionProperties;
import dev.molt.gateway.cutover.ReplicaRegistry;
import dev.molt.gateway.dashboard.DashboardPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A second Reactor Netty server for the admin API and the dashboard page that drives it. Its handler
 * is built from those two routers alone and is not a bean of the public web handler, so the public
 * port cannot route to it and the admin port serves nothing else.
 */
@Component
public class AdminServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final AdminProperties properties;
    private final AdminApi api;
    private final DashboardPage dashboard;
    private final ConnectionGuard guard;
    private final ReplicaRegistry replicas;
    private volatile DisposableServer server;

    AdminServer(
            AdminProperties properties,
            AdminApi api,
            DashboardPage dashboard,
            ConnectionProperties connections,
            ReplicaRegistry replicas) {
        this.properties = properties;
        this.dashboard = dashboard;
        this.replicas = replicas;
        this.api = api;
        this.guard = new ConnectionGuard(connections);
    }

    @Override
    public void start() {
        HttpHandler handler =
                RouterFunctions.toHttpHandler(dashboard.routes().and(api.routes()), HandlerStrategies.withDefaults());
        server = HttpServer.create()
                .host(properties.address())
                .port(properties.port())
                .doOnChannelInit((observer, channel, remote) -> guard.install(channel))
                .handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow();
        replicas.advertise(properties.address(), server.port());
        log.info(
                "Admin API on http://{}:{}/admin/cutover, dashboard on http://{}:{}/",
                properties.address(),
                server.port(),
                properties.address(),
                server.port());
    }

    @Override
    public void stop() {
        DisposableServer running = server;
        server = null;
        if (running != null) {
            running.disposeNow();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        DisposableServer running = server;
        if (running == null) {
            throw new IllegalStateException("admin server not running");
        }
        return running.port();
    }
}
