package dev.molt.cutover.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the stack, running from its executable jar as a child process with its own log.
 * Settings go on the command line, secrets into the child's environment under their relaxed-binding
 * names ({@code spring.datasource.password} as {@code SPRING_DATASOURCE_PASSWORD}): a command line
 * is readable by every user of the machine ({@code ps}), a process's environment only by its owner.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final URI health;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, URI health, Process process, Path log) {
        this.name = name;
        this.health = health;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess launch(
            String name,
            Path jar,
            URI health,
            Map<String, String> properties,
            Map<String, String> environment,
            Path logs) {
        return start(name, List.of("-jar", jar.toString()), health, properties, environment, logs);
    }

    /** Starts {@code java <main...> --key=value...} with {@code environment} (the secrets) added to its environment. */
    static ServiceProcess start(
            String name,
            List<String> main,
            URI health,
            Map<String, String> properties,
            Map<String, String> environment,
            Path logs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx384m"));
        command.addAll(main);
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = logs.resolve(name + ".log");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new ServiceProcess(name, health, process, log);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /** The environment variable Spring Boot binds to {@code property}: dots to _, dashes dropped, upper case. */
    static String environmentName(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** Waits until the health URL answers 200; fails with the end of the log if the process dies. */
    void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest probe =
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " stopped during start-up (exit " + process.exitValue()
                        + "); its log " + log + " ends with:\n" + tail());
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the port opens late in start-up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + name + " started", e);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + name + " started", e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
