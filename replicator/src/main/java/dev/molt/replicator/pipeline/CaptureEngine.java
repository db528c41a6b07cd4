package dev.molt.replicator.pipeline;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Debezium engine of a pipeline, on its own thread, and its shutdown. Debezium refuses
 * to close while its tasks start, and closing after a failed start throws: the shutdown retries
 * the close for a while and then waits for the run to end (STACK.md, pitfall 10).
 *
 * <p>Its monitor guards the engine's fields only. {@link #run} asks whether the launch is still
 * current inside it, so that a stop requested meanwhile either sees the engine (and closes it) or
 * keeps it from running: the life cycle's monitor is the only one taken inside this one.
 */
final class CaptureEngine {

    private static final Logger log = LoggerFactory.getLogger(CaptureEngine.class);

    private final String name;
    private final Duration closeTimeout;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private ExecutorService thread;
    private Future<?> run;

    CaptureEngine(String name, Duration closeTimeout) {
        this.name = name;
        this.closeTimeout = closeTimeout;
    }

    /** Runs the engine where {@code current} still holds; closes it unused otherwise. */
    synchronized boolean run(DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> created, BooleanSupplier current) {
        if (!current.getAsBoolean()) {
            closeQuietly(created);
            return false;
        }
        engine = created;
        thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "molt-" + name + "-engine"));
        run = thread.submit(created);
        return true;
    }

    /** Closes the running engine, if any, and waits for its run to end. */
    void shutDown() {
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> current;
        ExecutorService ending;
        Future<?> running;
        synchronized (this) {
            current = engine;
            ending = thread;
            running = run;
            engine = null;
            thread = null;
            run = null;
        }
        if (current == null) {
            return;
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        while (!running.isDone() && System.nanoTime() < deadline) {
            try {
                current.close();
                break;
            } catch (IllegalStateException e) {
                if (running.isDone()
                        || e.getMessage() == null
                        || !e.getMessage().contains("starting")) {
                    break;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (Exception e) {
                log.debug("pipeline {}: closing the engine: {}", name, e.getMessage());
                break;
            }
        }
        try {
            running.get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.debug("pipeline {}: engine ended with {}", name, e.toString());
        }
        ending.shutdownNow();
    }

    private static void closeQuietly(DebeziumEngine<?> engine) {
        try {
            engine.close();
        } catch (Exception e) {
            log.debug("closing an unused engine: {}", e.getMessage());
        }
    }
}
