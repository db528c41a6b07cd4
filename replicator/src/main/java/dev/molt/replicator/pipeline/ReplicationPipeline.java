package dev.molt.replicator.pipeline;

import dev.molt.replicator.apply.BatchApplier;
import dev.molt.replicator.apply.TargetWrite;
import dev.molt.replicator.apply.Writers;
import dev.molt.replicator.capture.AppliedPositionRepository;
import dev.molt.replicator.capture.EngineSettings;
import dev.molt.replicator.capture.Heartbeat;
import dev.molt.replicator.capture.OffsetCodec;
import dev.molt.replicator.capture.SourceFlavour;
import dev.molt.replicator.capture.SourcePosition;
import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.mapping.RowMapping;
import dev.molt.replicator.snapshot.SnapshotCopy;
import dev.molt.replicator.transport.ChangeLogApplier;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline: a Debezium engine on the source, the mapping SMT inside it, and a batch applier
 * on the target. Unreachable databases are waited for (state {@code RETRYING}, back-off, nothing
 * skipped); a mapping that no longer fits the source or a row the target refuses stops it
 * ({@code FAILED}, the reason naming the column or row), because skipping would lose data.
 *
 * <p>This class only orchestrates: the state machine is {@link PipelineLifecycle}, the way to the
 * applier a {@link Transport}, the initial copy {@link SnapshotCopy}, the pools {@link
 * PipelineDataSources}, the engine {@link CaptureEngine}. The parts report back through listeners
 * ({@link ChangeLogApplier.Listener}, {@link SnapshotCopy.Listener}). Each part guards its own
 * fields with its own monitor; the life cycle's monitor is always taken last (see there), so the
 * parts cannot deadlock with each other or with Debezium's threads.
 */
public final class ReplicationPipeline {

    private static final Logger log = LoggerFactory.getLogger(ReplicationPipeline.class);

    private final String name;
    private final ReplicatorProperties.Pipeline config;
    private final RowMapping mapping;
    private final ScheduledExecutorService scheduler;
    private final Counter appliedCounter;
    private final Counter errorCounter;
    private final PipelineLifecycle lifecycle;
    private final TargetRetry retry;
    private final PipelineDataSources pools;
    private final CaptureEngine engine;
    private final AppliedProgress progress = new AppliedProgress();
    private final SnapshotCopy copy;
    private final Transport transport;
    private final EchoDiscard echoes;
    private final Object beats = new Object();

    private volatile Heartbeat heartbeat;
    private volatile BatchApplier applier;
    private ScheduledFuture<?> beating;
    private volatile String sourcePosition = "";
    private final EventRate rate = new EventRate();

    public ReplicationPipeline(String name, ReplicatorProperties.Pipeline config, MeterRegistry meters) {
        this.name = name;
        this.config = config;
        this.mapping = RowMapping.of(config.mapping());
        this.echoes = new EchoDiscard(name, mapping.targetTable());
        ScheduledThreadPoolExecutor control = new ScheduledThreadPoolExecutor(2, r -> {
            Thread thread = new Thread(r, "molt-" + name + "-control");
            thread.setDaemon(true);
            return thread;
        });
        control.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = control;
        this.appliedCounter = Counter.builder("molt.replication.applied")
                .description("change events applied to the target")
                .tag("pipeline", name)
                .register(meters);
        this.errorCounter = Counter.builder("molt.replication.errors")
                .description("failed attempts: unreachable databases, refused rows, engine failures")
                .tag("pipeline", name)
                .register(meters);
        this.lifecycle = new PipelineLifecycle(name, LifecycleMeters.of(name, meters));
        this.retry = new TargetRetry(lifecycle, config.retry().backoff(), errorCounter);
        this.pools = new PipelineDataSources(name, config);
        this.engine = new CaptureEngine(name, config.tuning().engineCloseTimeout());
        this.copy = new SnapshotCopy(
                name,
                mapping,
                config.batchSize(),
                config.copy(),
                config.tuning().copyEndTimeout(),
                this::streamLagMillis,
                new CopyListener());
        this.transport = config.viaKafka()
                ? new KafkaTransport(
                        name,
                        config,
                        pools,
                        scheduler,
                        lifecycle,
                        retry,
                        new ApplierListener(),
                        () -> newApplier(Writers.OTHERS))
                : new DirectTransport(name, mapping.targetTable(), lifecycle, progress);
    }

    public String name() {
        return name;
    }

    public RowMapping mapping() {
        return mapping;
    }

    public ReplicatorProperties.Pipeline config() {
        return config;
    }

    public PipelineState state() {
        return lifecycle.state();
    }

    public PipelineStatus start() {
        lifecycle.start();
        scheduler.execute(this::launch);
        return status();
    }

    public PipelineStatus stop() {
        lifecycle.requestStop();
        shutDown();
        lifecycle.stopped();
        return status();
    }

    public PipelineStatus pause() {
        lifecycle.pause();
        return status();
    }

    public PipelineStatus resume() {
        lifecycle.resume();
        return status();
    }

    /** Whether captured rows are written from the next batch on (see {@link ApplyMode}). */
    public void applyMode(ApplyMode mode) {
        echoes.mode(mode);
    }

    /** The apply mode in force for what the stream carries now (not one waiting for its beat). */
    public ApplyMode applyModeInForce() {
        return echoes.modeInForce();
    }

    /**
     * Whether captured rows are written from the source's current position on: writes a beat into
     * the source, and {@code mode} takes effect where the stream carries it. The mode is set before
     * the beat commits, since the capture may read it right after; if the beat fails, the mode in
     * force stays.
     */
    public void applyModeFromSourceHead(ApplyMode mode) {
        ApplyMode before = echoes.modeInForce();
        mark(seq -> echoes.modeFromBeat(seq, mode), () -> echoes.mode(before));
    }

    /**
     * Waits until everything committed on the source before this call is applied: writes a
     * heartbeat and waits for the applier to apply it.
     */
    public DrainResult drain(Duration timeout) {
        long begin = System.nanoTime();
        Heartbeat.Beat beat = markSource();
        return transport.drain(beat, begin, timeout);
    }

    /** A beat written to a running pipeline's source now: it marks the source's current position. */
    private Heartbeat.Beat markSource() {
        return mark(seq -> {}, () -> {});
    }

    private Heartbeat.Beat mark(LongConsumer beforeCommit, Runnable failed) {
        PipelineState now = lifecycle.state();
        if (now == PipelineState.STOPPED || now == PipelineState.FAILED) {
            throw new PipelineConflictException(
                    "pipeline " + name + " is " + now + "; it has no source position to mark");
        }
        Heartbeat.Beat beat;
        try {
            beat = currentHeartbeat().beat(beforeCommit);
        } catch (SQLException | RuntimeException e) {
            failed.run();
            throw new DrainTimeoutException(
                    "could not mark the source position of pipeline " + name + ": " + e.getMessage());
        }
        sourcePosition = beat.sourcePosition();
        return beat;
    }

    private Heartbeat currentHeartbeat() {
        Heartbeat current = heartbeat;
        if (current == null) {
            throw new IllegalStateException("pipeline " + name + " has not reached its source yet");
        }
        return current;
    }

    /** How far the stream lags now, as the copy's throttle reads it: 0 until first caught up. */
    private long streamLagMillis() {
        Long caught = progress.caughtUpAt();
        return caught == null ? 0 : Math.max(0, System.currentTimeMillis() - caught);
    }

    public PipelineStatus status() {
        long now = System.currentTimeMillis();
        long lagEvents = SourcePosition.transactionsBehind(sourcePosition, progress.position());
        Transport.View view = transport.view(progress.caughtUpAt(), copy.completed(), lagEvents);
        Long caught = view.caughtUpAt();
        long lagMillis = caught == null ? now - lifecycle.startedAt() : Math.max(0, now - caught);
        return new PipelineStatus(
                name,
                lifecycle.state(),
                null,
                echoes.mode(),
                echoes.fromBeat(),
                echoes.discarded(),
                lifecycle.reason(),
                copy.progress().completedAs(view.snapshotCompleted()),
                sourcePosition,
                progress.position(),
                view.lagEvents(),
                lagMillis,
                caught,
                rate.perSecond(),
                config.transport().value(),
                view.changeLog());
    }

    private void applied(int events) {
        rate.add(events);
        appliedCounter.increment(events);
    }

    private void launch() {
        long launch = lifecycle.nextLaunch();
        if (launch == PipelineLifecycle.ANY_GENERATION) {
            return;
        }
        try {
            pools.open();
            SourceFlavour flavour;
            try (Connection connection = pools.source().getConnection()) {
                flavour = SourceFlavour.of(connection);
            }
            BatchApplier.prepare(pools.target());
            Heartbeat beat = new Heartbeat(pools.source(), name, flavour, transport.heartbeatSlots());
            beat.prepare();
            heartbeat = beat;
            if (!transport.open()) {
                // Capture runs elsewhere (another replicator, or a Kafka Connect cluster);
                // beating here too keeps caughtUpAt fresh whoever captures.
                lifecycle.streaming();
                scheduleBeats();
                return;
            }
            BatchApplier current = newApplier(config.viaKafka() ? Writers.OTHERS : Writers.ALONE);
            applier = current;
            AppliedPositionRepository.Stored stored =
                    copy.prepare(pools.source(), pools.target(), () -> newApplier(Writers.COPY), config.snapshot());
            progress.resumeAt(stored.sourcePosition());
            DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> created = DebeziumEngine.create(Connect.class)
                    .using(EngineSettings.of(name, config, mapping, flavour))
                    .using((success, message, error) -> engineEnded(launch, message, error))
                    .notifying(this::handleBatch)
                    .build();
            if (engine.run(created, () -> lifecycle.isCurrent(launch))) {
                scheduleBeats();
            }
        } catch (Exception e) {
            retryLater(launch, e);
        }
    }

    /** An applier of the mapped rows to the target, beside the given other writers. */
    private BatchApplier newApplier(Writers writers) {
        return new BatchApplier(
                pools.target(),
                name,
                mapping.targetTable(),
                mapping.targetKey(),
                mapping.targetVersion(),
                new OffsetCodec(name),
                writers,
                mapping.targetFilters());
    }

    private void scheduleBeats() {
        synchronized (beats) {
            if (beating == null) {
                long every = config.heartbeatInterval().toMillis();
                beating = scheduler.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void beat() {
        Heartbeat current = heartbeat;
        if (current == null || !lifecycle.isActive()) {
            return;
        }
        try {
            sourcePosition = current.beat().sourcePosition();
        } catch (SQLException | RuntimeException e) {
            log.debug("pipeline {}: heartbeat failed: {}", name, e.getMessage());
        }
    }

    /**
     * Debezium's batch: handed over to the transport, applied with the offset of its last event
     * in one target transaction, and only then marked processed.
     */
    private void handleBatch(
            List<ChangeEvent<SourceRecord, SourceRecord>> records,
            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        lifecycle.awaitRunning();
        if (records.isEmpty()) {
            committer.markBatchFinished();
            return;
        }
        SourceRecord last = records.get(records.size() - 1).value();
        String position = SourcePosition.ofEvent(last.value());
        Transport.HandedOver batch = transport.handOver(
                echoes.pass(records.stream().map(ChangeEvent::value).toList()));
        String at = position.isEmpty() ? progress.position() : position;
        BatchApplier current = applier;
        boolean completed = copy.withFlag(flag ->
                retry.run(PipelineLifecycle.ANY_GENERATION, () -> current.apply(batch.toApply(), last, at, flag)));
        for (ChangeEvent<SourceRecord, SourceRecord> event : records) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
        applied(batch.events());
        progress.applied(position, completed, batch.beatSeq(), batch.beatWrittenAt());
        lifecycle.applied(completed);
        copy.startIfPending(lifecycle.generation());
    }

    private void engineEnded(long launch, String message, Throwable error) {
        // A pipeline that failed (the copy or an applier refused a row) closes its engine
        // itself: that end must neither retry nor replace the reason naming the row.
        if (lifecycle.isOver(launch)) {
            return;
        }
        errorCounter.increment();
        Throwable fatal = Failures.fatalCause(error);
        if (fatal != null) {
            failed(launch, fatal.getMessage());
        } else {
            retryLater(launch, error != null ? error : new IllegalStateException(message));
        }
    }

    /** FAILED, and everything released, unless that launch is over. */
    private void failed(long launch, String why) {
        if (lifecycle.fail(launch, why)) {
            scheduler.execute(this::shutDown);
        }
    }

    /** RETRYING, and the whole launch tried again after the back-off, unless that launch is over. */
    private void retryLater(long launch, Throwable cause) {
        String why = Failures.rootMessage(cause);
        Duration wait = lifecycle.relaunching(launch, why, config.retry().backoff());
        if (wait == null) {
            return;
        }
        log.warn("pipeline {}: {}; restarting in {} ms", name, why, wait.toMillis());
        scheduler.schedule(
                () -> {
                    engine.shutDown();
                    launch();
                },
                wait.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void shutDown() {
        engine.shutDown();
        transport.close();
        synchronized (beats) {
            if (beating != null) {
                beating.cancel(false);
                beating = null;
            }
            heartbeat = null;
        }
        pools.close();
    }

    /**
     * Stops the engine and the control threads, for the end of the application. A release after
     * a failure may be closing the engine on a control thread at this moment: it is let finish
     * (within the engine's close time-out), since interrupting it leaves Debezium's threads and
     * metrics behind, and a later engine of the same name in this JVM then fails to start.
     * Relaunches not yet begun are dropped.
     */
    public void close() {
        lifecycle.requestClose();
        shutDown();
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(config.tuning().engineCloseTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            scheduler.shutdownNow();
        }
        lifecycle.closed();
    }

    /** How the appliers of this process report to the pipeline. */
    private final class ApplierListener implements ChangeLogApplier.Listener {

        @Override
        public boolean awaitRunning() throws InterruptedException {
            return lifecycle.awaitRunningUnlessStopped();
        }

        @Override
        public void applied(int events) {
            ReplicationPipeline.this.applied(events);
            if (!config.kafka().capture()) {
                lifecycle.recovered();
            }
        }

        @Override
        public void retrying(String why, Duration backoff) throws InterruptedException {
            errorCounter.increment();
            lifecycle.retrying(PipelineLifecycle.ANY_GENERATION, "applier: ", why, backoff);
        }

        @Override
        public void failed(Exception error) {
            errorCounter.increment();
            ReplicationPipeline.this.failed(PipelineLifecycle.ANY_GENERATION, error.getMessage());
        }
    }

    /** How the copy reports to the pipeline. */
    private final class CopyListener implements SnapshotCopy.Listener {

        @Override
        public boolean abandoned(long launch) {
            return lifecycle.awaitRunningOrOver(launch);
        }

        @Override
        public void retry(long launch, TargetWrite write) throws InterruptedException {
            retry.run(launch, write);
        }

        @Override
        public void copied(int rows) {
            applied(rows);
        }

        @Override
        public void completed() {
            lifecycle.snapshotCompleted();
        }

        @Override
        public void refused(long launch, RuntimeException error) {
            errorCounter.increment();
            failed(launch, error.getMessage());
        }

        @Override
        public void broke(long launch, Exception error) {
            errorCounter.increment();
            retryLater(launch, error);
        }
    }
}
