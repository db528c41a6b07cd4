package dev.molt.replicator.pipeline;

import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.verify.VerificationProgress;
import dev.molt.replicator.verify.VerificationReport;
import dev.molt.replicator.verify.Verifier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.context.SmartLifecycle;

/** The configured pipelines by name; starts those marked auto-start and stops all at shutdown. */
public class ReplicationPipelines implements SmartLifecycle {

    private final Map<String, ReplicationPipeline> pipelines = new LinkedHashMap<>();
    private final Map<String, VerificationProgress> verifications = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> verificationLocks = new ConcurrentHashMap<>();
    private volatile boolean running;

    public ReplicationPipelines(ReplicatorProperties properties, MeterRegistry meters) {
        properties.pipelines().forEach((name, config) -> {
            ReplicationPipeline pipeline = new ReplicationPipeline(name, config, meters);
            pipelines.put(name, pipeline);
            Gauge.builder("molt.replication.lag", pipeline, p -> p.status().lagMillis())
                    .description("milliseconds since caughtUpAt")
                    .baseUnit("milliseconds")
                    .tag("pipeline", name)
                    .register(meters);
            Gauge.builder(
                            "molt.replication.lag.events",
                            pipeline,
                            p -> p.status().lagEvents())
                    .description("source transactions not yet applied")
                    .tag("pipeline", name)
                    .register(meters);
            Gauge.builder(
                            "molt.replication.throughput",
                            pipeline,
                            p -> p.status().eventsPerSecond())
                    .description("change events applied per second")
                    .tag("pipeline", name)
                    .register(meters);
        });
    }

    public Collection<ReplicationPipeline> all() {
        return pipelines.values();
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
        pipelines.values().stream().filter(p -> p.config().autoStart()).forEach(ReplicationPipeline::start);
    }

    @Override
    public void stop() {
        running = false;
        pipelines.values().forEach(ReplicationPipeline::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
