package dev.molt.replicator.support;

import dev.molt.replicator.ReplicatorApplication;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The replicator application in a JVM of its own, so that a test can kill it with SIGKILL. */
public final class ReplicatorProcess implements AutoCloseable {

    private final Process process;

    private ReplicatorProcess(Process process) {
        this.process = process;
    }

    public static ReplicatorProcess start(List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a short life, mostly class loading and one-off code: the quick compiler and the
                // serial collector leave the two cores to the tests (as the launcher's FAST_START)
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                ReplicatorApplication.class.getName(),
                "--spring.jmx.enabled=false"));
        if (arguments.stream().noneMatch(argument -> argument.startsWith("--server.port="))) {
            command.add("--server.port=0");
        }
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ReplicatorProcess(process);
    }

    /** SIGKILL on Linux: no shutdown hook, no engine close, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** A port free now, for a replicator whose API a test calls across restarts on the same command line. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static Path logFile(String name) {
        File dir = new File("target/replicator-processes");
        dir.mkdirs();
        return dir.toPath().resolve(name + ".log");
    }
}
