package dev.molt.testsupport;

import dev.molt.launcher.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Molt service started from its packaged jar as a real operating-system process (the launcher's
 * {@link JavaProcess}, as {@code ./molt up} starts them), on a free loopback port, its output in
 * {@code target/service-logs}. {@link #start} returns once the service reports itself ready.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final String module;
    private final int port;
    private final JavaProcess process;

    private ServiceProcess(String module, int port, JavaProcess process) {
        this.module = module;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts {@code module}'s executable jar with the given Spring properties and waits until
     * {@code /actuator/health/readiness} answers 200.
     */
    public static ServiceProcess start(String module, Map<String, String> properties) {
        ServiceProcess service = launch(module, properties);
        service.awaitReady();
        return service;
    }

    /** Starts the jar without waiting, for callers that start several at once. */
    public static ServiceProcess launch(String module, Map<String, String> properties) {
        int port = freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", String.valueOf(port));
        settings.put("server.address", "127.0.0.1");
        settings.putAll(properties);
        JavaProcess process = JavaProcess.named(module)
                .jvmOptions("-Xmx256m")
                .jar(executableJar(module))
                .properties(settings)
                .log(Path.of("target", "service-logs", module + "-" + port + ".log"))
                .health(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .start();
        return new ServiceProcess(module, port, process);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the service is ready; fails with the end of its log if it dies or takes too long. */
    public ServiceProcess awaitReady() {
        process.awaitReady(READY_TIMEOUT);
        return this;
    }

    /** The last lines of the service's output, for failure messages. */
    public String logTail() {
        return process.logTail();
    }

    /** Stops the process the hard way (SIGKILL), as a crash would. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }

    private static Path executableJar(String module) {
        Path target = projectRoot().resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no executable jar of " + module + " in " + target + "; build it first (./mvnw package)"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no build output of " + module + " in " + target + "; build it first (./mvnw package)", e);
        }
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "not inside the Molt project: no mvnw above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    @Override
    public String toString() {
        return module + "@" + baseUri();
    }
}
