package dev.molt.gateway.support;

import dev.molt.gateway.GatewayApplication;
import dev.molt.gateway.admin.AdminServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real gateway process-in-a-JVM on free loopback ports, wired to test backends and a
 * {@link ReplicatorStub}, with small HTTP helpers for the public and the admin port. Restartable on
 * the same state file, to prove the stage survives a restart.
 */
public final class RunningGateway implements AutoCloseable {

    public static final String TOKEN = "test-admin-token";

    /** The switch of the fast path: tests of rules both paths apply run once with it on, once off. */
    public static final String FAST_PATH = "molt.gateway.fast-path.enabled";

    private final ConfigurableApplicationContext context;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RunningGateway(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Default test properties for the given services, replicator and state file; {@code extra} wins. */
    public static Map<String, Object> properties(
            TestServices services, URI replicator, Path stateFile, Map<String, ?> extra) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", 0);
        p.put("management.server.port", -1);
        p.put("molt.gateway.admin.port", 0);
        p.put("molt.gateway.admin.address", "127.0.0.1");
        p.put("molt.gateway.admin.token", TOKEN);
        p.put("molt.gateway.routing.backends.old-query", services.oldQuery().uri());
        p.put("molt.gateway.routing.backends.old-command", services.oldCommand().uri());
        p.put("molt.gateway.routing.backends.new-query", services.newQuery().uri());
        p.put("molt.gateway.routing.backends.new-command", services.newCommand().uri());
        p.put("molt.gateway.replicator.base-url", replicator);
        p.put("molt.gateway.replicator.token", TOKEN);
        p.put("molt.gateway.cutover.state-file", stateFile.toString());
        p.put("molt.gateway.cutover.quiet-period", "500ms");
        p.put("molt.gateway.cutover.pipeline-start-timeout", "5s");
        // tests set the stub's pipeline states themselves; the reconciler's own tests turn it on
        p.put("molt.gateway.reconcile.enabled", false);
        p.putAll(extra);
        return p;
    }

    public static RunningGateway start(Map<String, Object> properties) {
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new RunningGateway(new SpringApplicationBuilder(GatewayApplication.class).run(args));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** True when the fast path serves the routed groups' HTTP/1.1 requests. */
    public boolean fastPathOn() {
        return context.containsBean("fastPath");
    }

    public int publicPort() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public int adminPort() {
        return context.getBean(AdminServer.class).port();
    }

    public URI publicUri(String path) {
        return URI.create("http://127.0.0.1:" + publicPort() + path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(publicUri(path)).GET().build());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(publicUri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** An admin call with the right token. */
    public HttpResponse<String> admin(String method, String path) {
        return admin(method, path, TOKEN);
    }

    /** An admin call with {@code token}, or none when null. */
    public HttpResponse<String> admin(String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            // An answer that never came: say where every thread was (how reactor/reactor-netty#4361 was found).
            throw new IllegalStateException(
                    request.uri() + ": " + e + "; threads at the time-out:\n" + threadDump(), e);
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
            if (thread.getLockName() != null) {
                dump.append(" on ").append(thread.getLockName());
            }
            dump.append('\n');
            for (StackTraceElement frame : thread.getStackTrace()) {
                dump.append("    at ").append(frame).append('\n');
            }
        }
        return dump.toString();
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        context.close();
    }
}
