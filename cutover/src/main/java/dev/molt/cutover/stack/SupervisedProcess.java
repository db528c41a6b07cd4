package dev.molt.cutover.stack;

import dev.molt.launcher.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A service of the stack that its {@link Supervisor} may relaunch: it keeps the launcher's builder,
 * so that a relaunch runs the very same command line and environment, and keeps the log of each
 * ended run next to the new one ({@code replicator.log} becomes {@code replicator.1.log}), since
 * why a process died is in its log.
 */
final class SupervisedProcess implements Supervisor.Child, AutoCloseable {

    private final String name;
    private final JavaProcess.Builder builder;
    private JavaProcess current;
    private int runs;
    private boolean closed;

    private SupervisedProcess(String name, JavaProcess.Builder builder) {
        this.name = name;
        this.builder = builder;
    }

    /** Starts the first run, without waiting for it to be ready. */
    static SupervisedProcess start(String name, JavaProcess.Builder builder) {
        SupervisedProcess process = new SupervisedProcess(name, builder);
        process.current = builder.start();
        process.runs = 1;
        return process;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized ProcessHandle handle() {
        return current.handle();
    }

    @Override
    public synchronized String exitDescription() {
        return describe(current.exitValue());
    }

    /** How a process ended, from its exit value: a JVM killed by signal N exits with 128 + N. */
    static String describe(OptionalInt exitValue) {
        if (exitValue.isEmpty()) {
            return "still running";
        }
        int value = exitValue.getAsInt();
        if (value > 128 && value < 128 + 32) {
            return "signal " + (value - 128);
        }
        return "exit " + value;
    }

    @Override
    public synchronized void relaunch() {
        if (closed) {
            throw new IllegalStateException(name + " is stopped");
        }
        Path log = current.log();
        try {
            Files.move(log, log.resolveSibling(name + "." + runs + ".log"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the new run then overwrites the log; not worth failing the relaunch for
        }
        current = builder.start();
        runs++;
    }

    @Override
    public void awaitHealthy(Duration timeout) {
        JavaProcess process;
        synchronized (this) {
            process = current;
        }
        process.awaitReady(timeout);
    }

    @Override
    public void close() {
        JavaProcess process;
        synchronized (this) {
            closed = true;
            process = current;
        }
        process.close();
    }

    @Override
    public String toString() {
        return name + " (pid " + handle().pid() + ")";
    }
}
