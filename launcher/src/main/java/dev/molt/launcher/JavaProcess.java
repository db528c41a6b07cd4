package dev.molt.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A Java program (a service's executable jar) as a child process with its own log. Settings go on
 * the command line as {@code --key=value}; secrets go into the child's environment under their
 * relaxed-binding names ({@link #environmentName}), since a command line is readable by every user
 * of the machine ({@code ps}) and a process's environment only by its owner.
 */
public final class JavaProcess implements AutoCloseable {

    /** For many short-lived JVMs on few cores: start fast, collect small. */
    static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final int TAIL_LINES = 40;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final URI health;
    private final Process process;
    private final Path log;

    private JavaProcess(String name, URI health, Process process, Path log) {
        this.name = name;
        this.health = health;
        this.process = process;
        this.log = log;
    }

    /** A process called {@code name} (for messages); say what to run with {@link Builder#jar} or {@link Builder#main}. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** The environment variable Spring Boot binds to {@code property}: dots to _, dashes dropped, upper case. */
    public static String environmentName(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** How a process ended, from its exit value: a JVM killed by signal N exits with 128 + N. */
    static String describeExit(int exitValue) {
        if (exitValue > 128 && exitValue < 128 + 32) {
            int signal = exitValue - 128;
            String known = switch (signal) {
                case 9 -> " (SIGKILL)";
                case 15 -> " (SIGTERM)";
                case 2 -> " (SIGINT)";
                case 6 -> " (SIGABRT)";
                default -> "";
            };
            return "killed by signal " + signal + known;
        }
        return "exit " + exitValue;
    }

    public String name() {
        return name;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit value once the process has ended. */
    public OptionalInt exitValue() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Waits until the health URL answers 200; fails with the end of the log if the process dies or takes too long. */
    public JavaProcess awaitReady(Duration timeout) {
        if (health == null) {
            throw new IllegalStateException(name + " has no health URL to wait for");
        }
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest probe =
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " stopped during start-up (" + describeExit(process.exitValue())
                        + "); its log " + log + " ends with:\n" + logTail());
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
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
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; its log " + log
                + " ends with:\n" + logTail());
    }

    /** The last lines of the process's output, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the process the hard way (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the process to stop (SIGTERM, a graceful shutdown) and kills it if it has not within the grace period. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    /** What to run and with which settings. */
    public static final class Builder {

        private final String name;
        private final List<String> jvmOptions = new ArrayList<>(FAST_START);
        private final List<String> main = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path log;
        private URI health;

        private Builder(String name) {
            this.name = name;
        }

        /** JVM options after the fast-start defaults, e.g. {@code -Xmx256m}. */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** Runs {@code java -jar jar}. */
        public Builder jar(Path jar) {
            main.clear();
            main.addAll(List.of("-jar", jar.toString()));
            return this;
        }

        /** Runs {@code java -cp classpath mainClass}. */
        public Builder main(String classpath, String mainClass) {
            main.clear();
            main.addAll(List.of("-cp", classpath, mainClass));
            return this;
        }

        /** Settings, passed as {@code --key=value} arguments in order. */
        public Builder properties(Map<String, String> settings) {
            properties.putAll(settings);
            return this;
        }

        /** Secrets, added to the child's environment and never to its command line. */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** Where stdout and stderr go; its directory is created. Defaults to {@code <name>.log} in the working directory. */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** The URL that answers 200 once the program is ready, for {@link JavaProcess#awaitReady}. */
        public Builder health(URI url) {
            this.health = url;
            return this;
        }

        /** The command line, without the environment. */
        List<String> command() {
            if (main.isEmpty()) {
                throw new IllegalStateException("nothing to run for " + name + ": give a jar or a main class");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(main);
            properties.forEach((key, value) -> command.add("--" + key + "=" + value));
            return command;
        }

        /** Starts the process without waiting for it to be ready. */
        public JavaProcess start() {
            Path file = log != null ? log : Path.of(name + ".log");
            try {
                Path dir = file.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                ProcessBuilder builder =
                        new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(file.toFile());
                builder.environment().putAll(environment);
                return new JavaProcess(name, health, builder.start(), file);
            } catch (IOException e) {
                throw new IllegalStateException("could not start " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
