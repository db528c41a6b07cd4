package dev.molt.replicator.pipeline;

import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.verify.VerificationProgress;
import dev.molt.replicator.verify.VerificationReport;
import dev.molt.replicator.verify.Verifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The configured pipelines by name. At application start each goes back to the wanted state stored
 * in its target (or starts where none is stored and it is marked auto-start), so that a replicator
 * restarted after a crash carries on by itself; a target that cannot be read yet is tried again
 * with the pipeline's back-off. Stops all at shutdown.
 */
public class ReplicationPipelines implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicationPipelines.class);

    private final Map<String, ReplicationPipeline> pipelines = new LinkedHashMap<>();
    private final Map<String, VerificationProgress> verifications = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> verificationLocks = new ConcurrentHashMap<>();
    private final Map<String, PipelineControl> controls = new LinkedHashMap<>();
    private final ScheduledExecutorService restorer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "molt-restore");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    public ReplicationPipelines(ReplicatorProperties properties, MeterRegistry meters) {
        properties.pipelines().forEach((name, config) -> {
            ReplicationPipeline pipeline = new ReplicationPipeline(name, config, meters);
            pipelines.put(name, pipeline);
            controls.put(name, new PipelineControl(pipeline));
        });
    }

    public Collection<ReplicationPipeline> all() {
        return pipelines.values();
    }

    /** Every pipeline's status with its wanted state, as the API shows it. */
    public List<PipelineStatus> statuses() {
        return pipelines.keySet().stream().map(this::status).toList();
    }

    /** The pipeline's status with its wanted state, as the API shows it. */
    public PipelineStatus status(String name) {
        return get(name).status().withWanted(control(name).wanted());
    }

    /** Stores the wanted state RUNNING in the target, then starts the pipeline in its stored mode. */
    public PipelineStatus start(String name) throws SQLException {
        return start(name, null);
    }

    /**
     * Stores the wanted state RUNNING (and {@code mode}, unless null) in the target, then starts
     * the pipeline.
     */
    public PipelineStatus start(String name, ApplyMode mode) throws SQLException {
        return control(name).start(mode).withWanted(WantedState.RUNNING);
    }

    /** Stores the apply mode in the target, then the pipeline writes or discards from its next batch on. */
    public PipelineStatus applyMode(String name, ApplyMode mode) throws SQLException {
        return applyMode(name, mode, ApplyFrom.NEXT_BATCH);
    }

    /** Stores the apply mode in the target; the pipeline writes or discards from where {@code from} says. */
    public PipelineStatus applyMode(String name, ApplyMode mode, ApplyFrom from) throws SQLException {
        if (from == ApplyFrom.SOURCE_HEAD) {
            control(name).applyModeFromSourceHead(mode);
        } else {
            control(name).applyMode(mode);
        }
        return status(name);
    }

    /**
     * Waits until everything committed on the source before this call is applied; then, with a
     * {@code then}, stores and sets that apply mode, so that nothing captured after the drain's
     * position is written (DISCARD) or discarded (APPLY) under the mode before it. The command
     * switch calls it with its door closed and both sources fenced, where no row lies between.
     */
    public DrainResult drain(String name, Duration timeout, ApplyMode then) throws SQLException {
        long begin = System.nanoTime();
        DrainResult drained = get(name).drain(timeout);
        if (then != null) {
            // The caller gives up at its time-out: a mode set after it would be one it does not know of.
            if (System.nanoTime() - begin >= timeout.toNanos()) {
                throw new DrainTimeoutException("pipeline " + name + " drained after " + timeout.toMillis()
                        + " ms; its apply mode stays " + get(name).status().applyMode());
            }
            control(name).applyMode(then);
        }
        return drained;
    }

    /** Stores the wanted state STOPPED in the target, then stops the pipeline. */
    public PipelineStatus stop(String name) throws SQLException {
        return control(name).stop().withWanted(WantedState.STOPPED);
    }

    /** Stores the wanted state PAUSED in the target, then pauses the pipeline. */
    public PipelineStatus pause(String name) throws SQLException {
        return control(name).pause().withWanted(WantedState.PAUSED);
    }

    /** Stores the wanted state RUNNING in the target, then resumes the pipeline. */
    public PipelineStatus resume(String name) throws SQLException {
        return control(name).resume().withWanted(WantedState.RUNNING);
    }

    private PipelineControl control(String name) {
        get(name);
        return controls.get(name);
    }

    public ReplicationPipeline get(String name) {
        ReplicationPipeline pipeline = pipelines.get(name);
        if (pipeline == null) {
            throw new UnknownPipelineException(name);
        }
        return pipeline;
    }

    /**
     * Compares the pipeline's source and target through its mapping. While the pipeline runs,
     * differing rows are re-checked after a drain, so rows merely in flight are not reported.
     */
    public VerificationReport verify(String name, int chunkSize) throws SQLException {
        ReplicationPipeline pipeline = get(name);
        ReplicatorProperties.Pipeline config = pipeline.config();
        try (Connection source = DriverManager.getConnection(
                        config.source().url(),
                        config.source().user(),
                        config.source().password());
                Connection target = DriverManager.getConnection(
                        config.target().url(),
                        config.target().user(),
                        config.target().password())) {
            VerificationProgress progress = verification(name);
            ReentrantLock oneAtATime = verificationLocks.computeIfAbsent(name, n -> new ReentrantLock());
            oneAtATime.lock();
            try {
                return new Verifier(pipeline.mapping(), progress)
                        .verify(source, target, chunkSize, () -> settle(pipeline));
            } catch (SQLException | RuntimeException e) {
                progress.failed();
                throw e;
            } finally {
                oneAtATime.unlock();
            }
        }
    }

    /** The running or last verification of the pipeline. */
    public VerificationProgress verification(String name) {
        get(name);
        return verifications.computeIfAbsent(name, n -> new VerificationProgress());
    }

    private static void settle(ReplicationPipeline pipeline) {
        PipelineState state = pipeline.state();
        if (state == PipelineState.STREAMING || state == PipelineState.SNAPSHOTTING) {
            try {
                pipeline.drain(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                // the re-check then reports what still differs
            }
        }
    }

    @Override
    public void start() {
        running = true;
        controls.forEach((name, control) -> restore(name, control, 0));
    }

    /** The pipeline back to its wanted state; where its target cannot be read, again after the back-off. */
    private void restore(String name, PipelineControl control, int attempt) {
        if (!running) {
            return;
        }
        try {
            control.restore();
        } catch (SQLException | RuntimeException e) {
            Duration wait = pipelines.get(name).config().retry().backoff().delay(attempt);
            log.warn(
                    "pipeline {}: could not read its wanted state from the target ({}); trying again in {} ms",
                    name,
                    e.getMessage(),
                    wait.toMillis());
            try {
                restorer.schedule(() -> restore(name, control, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                // the application ends meanwhile
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        restorer.shutdownNow();
        pipelines.values().forEach(ReplicationPipeline::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
