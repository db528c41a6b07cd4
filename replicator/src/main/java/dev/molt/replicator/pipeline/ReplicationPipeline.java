package dev.molt.replicator.pipeline;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.molt.replicator.apply.BatchApplier;
import dev.molt.replicator.apply.RowRejectedException;
import dev.molt.replicator.apply.TargetUnavailableException;
import dev.molt.replicator.capture.EngineSettings;
import dev.molt.replicator.capture.Heartbeat;
import dev.molt.replicator.capture.OffsetCodec;
import dev.molt.replicator.capture.SourceFlavour;
import dev.molt.replicator.capture.SourcePosition;
import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.mapping.MappingException;
import dev.molt.replicator.mapping.RowMapping;
import dev.molt.replicator.transport.ChangeLogApplier;
import dev.molt.replicator.transport.ChangeLogPositions;
import dev.molt.replicator.transport.ChangeLogPublisher;
import dev.molt.replicator.transport.ChangeLogTopic;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline: a Debezium engine on the source, the mapping SMT inside it, and a batch applier
 * on the target. Unreachable databases are waited for (state {@code RETRYING}, back-off, nothing
 * skipped); a mapping that no longer fits the source or a row the target refuses stops it
 * ({@code FAILED}, the reason naming the column or row), because skipping would lose data.
 *
 * <p>On the {@code kafka} transport the engine publishes to the pipeline's change log instead of
 * applying, and stores its source offset once Kafka acknowledged the batch; the appliers of this
 * process (if any) consume the log. Caught-up-ness and drains then come from the positions the
 * appliers store in the target ({@link ChangeLogPositions}), whichever process runs them.
 */
public final class ReplicationPipeline {

    private static final Logger log = LoggerFactory.getLogger(ReplicationPipeline.class);
    private static final Set<PipelineState> RUNNING =
            Set.of(PipelineState.STARTING, PipelineState.SNAPSHOTTING, PipelineState.STREAMING, PipelineState.RETRYING);

    private final String name;
    private final ReplicatorProperties.Pipeline config;
    private final RowMapping mapping;
    private final ScheduledExecutorService scheduler;
    private final Counter appliedCounter;
    private final Counter errorCounter;
    private final Object lock = new Object();

    private volatile PipelineState state = PipelineState.STOPPED;
    private volatile String reason;
    private volatile boolean stopRequested;
    private volatile boolean paused;
    private PipelineState stateBeforePause;
    private int attempts;
    private long generation;

    private HikariDataSource source;
    private HikariDataSource target;
    private Heartbeat heartbeat;
    private BatchApplier applier;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private ExecutorService engineThread;
    private Future<?> engineRun;
    private ScheduledFuture<?> beating;
    private ScheduledFuture<?> measuringLag;
    private volatile long consumerLag = -1;
    private static final Duration CONSUMER_LAG_INTERVAL = Duration.ofMillis(250);
    private ChangeLogTopic changeLog;
    private ChangeLogPublisher publisher;
    private final List<ChangeLogApplier> appliers = new ArrayList<>();
    private ExecutorService applierThreads;

    private volatile boolean snapshotCompleted;
    /** Whether the rows of the source still have to be copied, after the first applied batch. */
    private boolean copyPending;
    /** The thread copying the source's rows, while it may still write. */
    private Thread copier;
    /** Held while a batch is applied with the snapshot flag, and while the copy sets it. */
    private final Object snapshotMark = new Object();

    private final AtomicLong rowsCopied = new AtomicLong();
    private volatile long rowsTotal;
    private volatile String sourcePosition = "";
    private volatile String appliedPosition = "";
    private volatile Long caughtUpAt;
    private volatile long appliedBeat;
    private volatile long startedAt = System.currentTimeMillis();
    private final AtomicLong appliedEvents = new AtomicLong();
    private long rateSampledAt = System.nanoTime();
    private long rateSampledEvents;
    private double eventsPerSecond;

    public ReplicationPipeline(String name, ReplicatorProperties.Pipeline config, MeterRegistry meters) {
        this.name = name;
        this.config = config;
        this.mapping = RowMapping.of(config.mapping());
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "molt-" + name + "-control");
            thread.setDaemon(true);
            return thread;
        });
        this.appliedCounter = Counter.builder("molt.replication.applied")
                .description("change events applied to the target")
                .tag("pipeline", name)
                .register(meters);
        this.errorCounter = Counter.builder("molt.replication.errors")
                .description("failed attempts: unreachable databases, refused rows, engine failures")
                .tag("pipeline", name)
                .register(meters);
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

    public PipelineStatus start() {
        synchronized (lock) {
            if (state != PipelineState.STOPPED && state != PipelineState.FAILED) {
                throw new PipelineConflictException(
                        "pipeline " + name + " is " + state + "; only a stopped or failed pipeline starts");
            }
            stopRequested = false;
            paused = false;
            reason = null;
            attempts = 0;
            startedAt = System.currentTimeMillis();
            state = PipelineState.STARTING;
        }
        scheduler.execute(this::launch);
        return status();
    }

    public PipelineStatus stop() {
        synchronized (lock) {
            if (state == PipelineState.STOPPED) {
                throw new PipelineConflictException("pipeline " + name + " is already stopped");
            }
            stopRequested = true;
            paused = false;
            lock.notifyAll();
        }
        shutDown();
        synchronized (lock) {
            state = PipelineState.STOPPED;
            reason = null;
        }
        return status();
    }

    public PipelineStatus pause() {
        synchronized (lock) {
            if (!RUNNING.contains(state)) {
                throw new PipelineConflictException(
                        "pipeline " + name + " is " + state + "; only a running pipeline pauses");
            }
            paused = true;
            stateBeforePause = state;
            state = PipelineState.PAUSED;
        }
        return status();
    }

    public PipelineStatus resume() {
        synchronized (lock) {
            if (state != PipelineState.PAUSED) {
                throw new PipelineConflictException(
                        "pipeline " + name + " is " + state + "; only a paused pipeline resumes");
            }
            paused = false;
            state = stateBeforePause == PipelineState.RETRYING ? PipelineState.STREAMING : stateBeforePause;
            lock.notifyAll();
        }
        return status();
    }

    /**
     * Waits until everything committed on the source before this call is applied: writes a
     * heartbeat and waits for the applier to apply it.
     */
    public DrainResult drain(Duration timeout) {
        PipelineState now = state;
        if (now == PipelineState.STOPPED || now == PipelineState.FAILED) {
            throw new PipelineConflictException("pipeline " + name + " is " + now + "; nothing drains");
        }
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        Heartbeat.Beat beat;
        try {
            beat = currentHeartbeat().beat();
        } catch (SQLException | RuntimeException e) {
            throw new DrainTimeoutException(
                    "could not mark the source position of pipeline " + name + ": " + e.getMessage());
        }
        sourcePosition = beat.sourcePosition();
        if (config.viaKafka()) {
            return drainChangeLog(beat, begin, deadline, timeout);
        }
        synchronized (lock) {
            while (appliedBeat < beat.seq()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new DrainTimeoutException("pipeline " + name + " did not apply source position "
                            + beat.sourcePosition() + " within " + timeout.toMillis() + " ms (state " + state
                            + ", applied " + appliedPosition + ")");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DrainTimeoutException("drain of pipeline " + name + " interrupted");
                }
            }
        }
        return new DrainResult(beat.sourcePosition(), appliedPosition, (System.nanoTime() - begin) / 1_000_000);
    }

    /**
     * The drain on the Kafka transport: polls the positions the appliers store in the target
     * (they may run in other processes) until every partition has applied the beat.
     */
    private DrainResult drainChangeLog(Heartbeat.Beat beat, long begin, long deadline, Duration timeout) {
        while (true) {
            ChangeLogProgress progress = changeLogProgress();
            if (progress.caughtUpAt() != null && progress.beatSeq() >= beat.seq()) {
                return new DrainResult(
                        beat.sourcePosition(), beat.sourcePosition(), (System.nanoTime() - begin) / 1_000_000);
            }
            if (System.nanoTime() >= deadline) {
                throw new DrainTimeoutException("pipeline " + name + " did not apply source position "
                        + beat.sourcePosition() + " within " + timeout.toMillis() + " ms (state " + state
                        + ", applied heartbeat " + progress.beatSeq() + " of " + beat.seq() + " on "
                        + progress.partitionsApplied() + " of " + config.kafka().partitions() + " partitions)");
            }
            synchronized (lock) {
                try {
                    lock.wait(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DrainTimeoutException("drain of pipeline " + name + " interrupted");
                }
            }
        }
    }

    private Heartbeat currentHeartbeat() {
        Heartbeat current = heartbeat;
        if (current == null) {
            throw new IllegalStateException("pipeline " + name + " has not reached its source yet");
        }
        return current;
    }

    public PipelineStatus status() {
        long now = System.currentTimeMillis();
        Long caught = caughtUpAt;
        boolean completed = snapshotCompleted;
        long lagEvents = SourcePosition.transactionsBehind(sourcePosition, appliedPosition);
        PipelineStatus.ChangeLog log = null;
        if (config.viaKafka()) {
            ChangeLogProgress progress = changeLogProgress();
            caught = progress.caughtUpAt();
            completed = completed || progress.snapshotCompleted();
            long unapplied = consumerLag;
            log = new PipelineStatus.ChangeLog(
                    config.kafka().topicOf(name),
                    config.kafka().partitions(),
                    progress.partitionsApplied(),
                    config.kafka().capture(),
                    appliersRunning(),
                    lagEvents,
                    unapplied);
            lagEvents += Math.max(0, unapplied);
        }
        long lagMillis = caught == null ? now - startedAt : Math.max(0, now - caught);
        return new PipelineStatus(
                name,
                state,
                reason,
                new PipelineStatus.Snapshot(completed, rowsCopied.get(), Math.max(rowsTotal, rowsCopied.get())),
                sourcePosition,
                appliedPosition,
                lagEvents,
                lagMillis,
                caught,
                rate(),
                0,
                config.transport(),
                log);
    }

    private int appliersRunning() {
        synchronized (lock) {
            return appliers.size();
        }
    }

    /**
     * What the appliers of the change log have applied, from the positions they store in the
     * target: the lowest heartbeat over all partitions, and caught up only once every partition
     * holds one and the snapshot is complete.
     */
    private record ChangeLogProgress(
            int partitionsApplied,
            long beatSeq,
            Long caughtUpAt,
            boolean snapshotCompleted,
            Map<Integer, Long> nextOffsets) {

        static final ChangeLogProgress UNKNOWN = new ChangeLogProgress(0, 0, null, false, Map.of());
    }

    private ChangeLogProgress changeLogProgress() {
        DataSource pool;
        synchronized (lock) {
            pool = target;
        }
        if (pool == null) {
            return ChangeLogProgress.UNKNOWN;
        }
        try {
            ChangeLogPositions.Progress progress = ChangeLogPositions.progress(pool, name);
            boolean completed = "no_data".equals(config.snapshot())
                    || BatchApplier.stored(pool, name).snapshotCompleted();
            boolean everywhere = progress.partitions() >= config.kafka().partitions() && progress.beatSeq() > 0;
            return new ChangeLogProgress(
                    progress.partitions(),
                    progress.beatSeq(),
                    everywhere && completed ? progress.beatWrittenAt() : null,
                    completed,
                    progress.nextOffsets());
        } catch (SQLException | RuntimeException e) {
            return ChangeLogProgress.UNKNOWN;
        }
    }

    /**
     * Measures the change events in the log not yet applied, over all partitions (-1 where Kafka
     * does not answer), in the background every {@link #CONSUMER_LAG_INTERVAL}: asking Kafka
     * takes a round trip, or seconds while it is away, which status must not wait for.
     */
    private void measureConsumerLag() {
        ChangeLogTopic topic;
        synchronized (lock) {
            topic = changeLog;
        }
        if (topic == null) {
            return;
        }
        ChangeLogProgress progress = changeLogProgress();
        try {
            long lag = 0;
            for (Map.Entry<Integer, Long> end : topic.endOffsets().entrySet()) {
                lag += Math.max(0, end.getValue() - progress.nextOffsets().getOrDefault(end.getKey(), 0L));
            }
            consumerLag = lag;
        } catch (TargetUnavailableException | RuntimeException e) {
            consumerLag = -1;
        }
    }

    public PipelineState state() {
        return state;
    }

    private synchronized double rate() {
        long now = System.nanoTime();
        long elapsed = now - rateSampledAt;
        if (elapsed >= 1_000_000_000L) {
            long events = appliedEvents.get();
            eventsPerSecond = (events - rateSampledEvents) * 1e9 / elapsed;
            rateSampledEvents = events;
            rateSampledAt = now;
        }
        return eventsPerSecond;
    }

    private void launch() {
        long myGeneration;
        synchronized (lock) {
            if (stopRequested) {
                return;
            }
            myGeneration = ++generation;
        }
        try {
            openPools();
            SourceFlavour flavour;
            try (Connection connection = source.getConnection()) {
                flavour = SourceFlavour.of(connection);
            }
            BatchApplier.prepare(target);
            Heartbeat beats = new Heartbeat(
                    source, name, flavour, config.viaKafka() ? config.kafka().partitions() : 1);
            beats.prepare();
            heartbeat = beats;
            if (config.viaKafka()) {
                ChangeLogPositions.prepare(target);
                openChangeLog();
                startAppliers();
                if (!config.kafka().capture()) {
                    // Capture runs elsewhere (another replicator, or a Kafka Connect cluster);
                    // beating here too keeps caughtUpAt fresh whoever captures.
                    synchronized (lock) {
                        if (state == PipelineState.STARTING || state == PipelineState.RETRYING) {
                            state = PipelineState.STREAMING;
                            reason = null;
                        }
                        scheduleBeats();
                    }
                    return;
                }
                openPublisher();
            }
            BatchApplier.Stored stored = BatchApplier.stored(target, name);
            if (stored.exists() && !stored.snapshotCompleted() && "initial".equals(config.snapshot())) {
                awaitEarlierCopy();
                log.info("pipeline {}: the snapshot was interrupted; discarding its rows and starting it over", name);
                BatchApplier.discardPartialSnapshot(target, name, mapping.targetTable(), mapping.targetFilters());
            }
            snapshotCompleted = stored.snapshotCompleted() || "no_data".equals(config.snapshot());
            synchronized (lock) {
                copyPending = !snapshotCompleted;
            }
            if (!stored.sourcePosition().isEmpty()) {
                appliedPosition = stored.sourcePosition();
            }
            rowsCopied.set(0);
            rowsTotal = snapshotCompleted ? 0 : count(source, mapping.sourceTable());
            applier = newApplier(config.viaKafka());
            DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> created = DebeziumEngine.create(Connect.class)
                    .using(EngineSettings.of(name, config, mapping, flavour))
                    .using((success, message, error) -> engineEnded(myGeneration, success, message, error))
                    .notifying(this::handleBatch)
                    .build();
            synchronized (lock) {
                if (stopRequested || myGeneration != generation) {
                    closeQuietly(created);
                    return;
                }
                engine = created;
                engineThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "molt-" + name + "-engine"));
                engineRun = engineThread.submit(created);
                scheduleBeats();
            }
        } catch (Exception e) {
            retryLater(myGeneration, e);
        }
    }

    /** An applier of the mapped rows to the target; see {@link BatchApplier} for {@code otherWriters}. */
    private BatchApplier newApplier(boolean otherWriters) {
        return new BatchApplier(
                target,
                name,
                mapping.targetTable(),
                mapping.targetKey(),
                mapping.targetVersion(),
                new OffsetCodec(name),
                otherWriters,
                mapping.targetFilters());
    }

    private void scheduleBeats() {
        synchronized (lock) {
            if (beating == null) {
                long every = config.heartbeatInterval().toMillis();
                beating = scheduler.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Creates the change log topic where absent, with the configured partitions, whether this
     * process captures or applies: a capture on a Kafka Connect worker would otherwise find the
     * broker's default of one partition.
     */
    private void openChangeLog() throws TargetUnavailableException {
        ChangeLogTopic topic;
        synchronized (lock) {
            if (changeLog == null) {
                changeLog = new ChangeLogTopic(name, config.kafka());
            }
            topic = changeLog;
        }
        topic.ensure();
        synchronized (lock) {
            if (measuringLag == null) {
                long every = CONSUMER_LAG_INTERVAL.toMillis();
                measuringLag =
                        scheduler.scheduleWithFixedDelay(this::measureConsumerLag, 0, every, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void openPublisher() {
        synchronized (lock) {
            if (publisher == null) {
                publisher = new ChangeLogPublisher(name, config.kafka());
            }
        }
    }

    /**
     * Starts this process's members of the applier group, once per start of the pipeline: they
     * retry on their own while the target or Kafka is unreachable.
     */
    private void startAppliers() {
        synchronized (lock) {
            if (!appliers.isEmpty() || config.kafka().appliers() == 0) {
                return;
            }
            int members = config.kafka().appliers();
            applierThreads = Executors.newFixedThreadPool(members, r -> new Thread(r, "molt-" + name + "-applier"));
            for (int member = 0; member < members; member++) {
                ChangeLogApplier consumer =
                        new ChangeLogApplier(name, member, config, target, newApplier(true), new ApplierListener());
                appliers.add(consumer);
                applierThreads.execute(consumer);
            }
        }
    }

    private void stopAppliers() {
        List<ChangeLogApplier> running;
        ExecutorService threads;
        synchronized (lock) {
            running = List.copyOf(appliers);
            appliers.clear();
            threads = applierThreads;
            applierThreads = null;
        }
        running.forEach(ChangeLogApplier::stop);
        if (threads != null) {
            threads.shutdown();
            try {
                if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                    threads.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How the appliers of this process report to the pipeline. */
    private final class ApplierListener implements ChangeLogApplier.Listener {

        @Override
        public boolean awaitRunning() throws InterruptedException {
            synchronized (lock) {
                while (paused && !stopRequested) {
                    lock.wait();
                }
                return !stopRequested;
            }
        }

        @Override
        public void applied(int events) {
            appliedEvents.addAndGet(events);
            appliedCounter.increment(events);
            synchronized (lock) {
                if (state == PipelineState.RETRYING && !config.kafka().capture()) {
                    state = PipelineState.STREAMING;
                    reason = null;
                }
            }
        }

        @Override
        public void retrying(String why, Duration backoff) throws InterruptedException {
            errorCounter.increment();
            synchronized (lock) {
                if (stopRequested) {
                    throw new InterruptedException("pipeline " + name + " stopped");
                }
                if (state != PipelineState.PAUSED) {
                    state = PipelineState.RETRYING;
                }
                reason = why;
                log.warn("pipeline {}: applier: {}; retrying in {} ms", name, why, backoff.toMillis());
                lock.wait(backoff.toMillis());
            }
        }

        @Override
        public void failed(Exception error) {
            errorCounter.increment();
            log.error("pipeline {} failed: {}", name, error.getMessage());
            synchronized (lock) {
                if (stopRequested) {
                    return;
                }
                state = PipelineState.FAILED;
                reason = error.getMessage();
                lock.notifyAll();
            }
            scheduler.execute(ReplicationPipeline.this::releaseAfterFailure);
        }
    }

    private void beat() {
        Heartbeat current = heartbeat;
        if (current == null || !(RUNNING.contains(state) || state == PipelineState.PAUSED)) {
            return;
        }
        try {
            sourcePosition = current.beat().sourcePosition();
        } catch (SQLException | RuntimeException e) {
            log.debug("pipeline {}: heartbeat failed: {}", name, e.getMessage());
        }
    }

    private void handleBatch(
            List<ChangeEvent<SourceRecord, SourceRecord>> records,
            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        waitWhilePaused();
        if (records.isEmpty()) {
            committer.markBatchFinished();
            return;
        }
        SourceRecord last = records.get(records.size() - 1).value();
        String position = position(last);
        List<SourceRecord> data;
        List<SourceRecord> applied;
        long beatSeq = -1;
        long beatWrittenAt = -1;
        if (config.viaKafka()) {
            // Every event goes to the log, beats included; applying them is the appliers' work,
            // and this batch stores only the offset.
            data = records.stream()
                    .map(ChangeEvent::value)
                    .filter(r -> r.value() != null)
                    .toList();
            withRetry(-1, () -> publisher.publish(data));
            applied = List.of();
        } else {
            data = new ArrayList<>(records.size());
            for (ChangeEvent<SourceRecord, SourceRecord> event : records) {
                SourceRecord record = event.value();
                String table = table(record.topic());
                Struct value = record.value() instanceof Struct struct ? struct : null;
                if (mapping.targetTable().equals(table) && value != null) {
                    data.add(record);
                } else if (Heartbeat.TABLE.equals(table) && value != null) {
                    Struct after = value.getStruct("after");
                    if (after != null && name.equals(after.getString("pipeline"))) {
                        beatSeq = Math.max(beatSeq, after.getInt64("seq"));
                        beatWrittenAt = Math.max(beatWrittenAt, after.getInt64("written_at"));
                    }
                }
            }
            applied = data;
        }
        boolean completed;
        synchronized (snapshotMark) {
            completed = snapshotCompleted;
            String at = position.isEmpty() ? appliedPosition : position;
            withRetry(-1, () -> applier.apply(applied, last, at, completed));
        }
        for (ChangeEvent<SourceRecord, SourceRecord> event : records) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
        appliedEvents.addAndGet(data.size());
        appliedCounter.increment(data.size());
        boolean copyNow;
        long copyFor;
        synchronized (lock) {
            copyNow = copyPending;
            copyPending = false;
            copyFor = generation;
            if (!position.isEmpty()) {
                appliedPosition = position;
            }
            // Before the copy completes, a beat does not mean caught up: rows may still be missing.
            if (completed && beatSeq > appliedBeat) {
                appliedBeat = beatSeq;
                caughtUpAt = beatWrittenAt;
            }
            attempts = 0;
            if (RUNNING.contains(state)) {
                state = completed ? PipelineState.STREAMING : PipelineState.SNAPSHOTTING;
                reason = null;
            }
            lock.notifyAll();
        }
        if (copyNow) {
            startCopy(copyFor);
        }
    }

    /**
     * Copies the rows of the source table to the target, alongside the stream, once the stream's
     * start position is applied: every change after that position reaches the target through the
     * stream, and the version guard orders copied and streamed images of a row by version, so the
     * copy needs neither a lock on the source nor a consistent read. Keyset chunks of
     * {@code batchSize} rows, one target transaction each.
     */
    private void startCopy(long myGeneration) {
        Thread thread = new Thread(() -> copy(myGeneration), "molt-" + name + "-copy");
        thread.setDaemon(true);
        synchronized (lock) {
            copier = thread;
        }
        thread.start();
    }

    /**
     * Waits for the copy of an earlier attempt to end before its rows are discarded: a chunk it
     * wrote after the discard could bring back a row deleted before the new stream position.
     */
    private void awaitEarlierCopy() throws InterruptedException {
        Thread previous;
        synchronized (lock) {
            previous = copier;
            copier = null;
        }
        if (previous != null) {
            previous.join(TimeUnit.SECONDS.toMillis(60));
            if (previous.isAlive()) {
                throw new IllegalStateException("the copy of an earlier attempt has not ended yet");
            }
        }
    }

    /** Rows of the source read and mapped: the rows to write, how many were read, the last key read. */
    private record Chunk(List<Map<String, Object>> rows, int read, Object last) {}

    /**
     * Copies chunk after chunk; the next chunk is read and mapped on a second thread (and source
     * connection) while the current one is written, so that the source's read and the mapping no
     * longer wait for the target's insert. The order of the chunks' reads and writes does not
     * matter to correctness: the version guard and the tombstone lookup are done at write time.
     */
    private void copy(long myGeneration) {
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "molt-" + name + "-copy-read");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Chunk> pending = reader.submit(() -> readChunk(null));
            while (!copyAbandoned(myGeneration)) {
                Chunk chunk = next(pending);
                if (chunk.read() == 0) {
                    synchronized (snapshotMark) {
                        withRetry(myGeneration, applier::markSnapshotCompleted);
                        snapshotCompleted = true;
                    }
                    synchronized (lock) {
                        if (state == PipelineState.SNAPSHOTTING) {
                            state = PipelineState.STREAMING;
                        }
                    }
                    log.info("pipeline {}: copied {} rows", name, rowsCopied.get());
                    return;
                }
                pending = reader.submit(() -> readChunk(chunk.last()));
                if (!chunk.rows().isEmpty()) {
                    withRetry(myGeneration, () -> applier.copy(chunk.rows()));
                    appliedEvents.addAndGet(chunk.rows().size());
                    appliedCounter.increment(chunk.rows().size());
                }
                rowsCopied.addAndGet(chunk.read());
            }
        } catch (InterruptedException e) {
            log.debug("pipeline {}: copy ended: {}", name, e.getMessage());
        } catch (MappingException | RowRejectedException e) {
            errorCounter.increment();
            synchronized (lock) {
                if (myGeneration != generation || stopRequested) {
                    return;
                }
                log.error("pipeline {} failed: {}", name, e.getMessage());
                state = PipelineState.FAILED;
                reason = e.getMessage();
                lock.notifyAll();
            }
            scheduler.execute(this::releaseAfterFailure);
        } catch (SQLException | RuntimeException e) {
            if (!copyAbandoned(myGeneration)) {
                errorCounter.increment();
                retryLater(myGeneration, e);
            }
        } finally {
            reader.shutdownNow();
        }
    }

    /** The chunk read ahead, or what its read threw. */
    private static Chunk next(Future<Chunk> pending) throws InterruptedException, SQLException {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Reads and maps the chunk of the source after the given key (from the first row where null).
     * Date-times are read as {@link LocalDateTime}, as the stream's events carry them: reading
     * them as {@link java.sql.Timestamp} first built a calendar per value, and would shift a
     * wall-clock time that falls into a daylight-saving gap of the JVM's zone.
     */
    private Chunk readChunk(Object after) throws SQLException {
        List<String> columns = mapping.sourceColumns();
        String key = mapping.sourceKey();
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + mapping.sourceTable()
                + (after == null ? "" : " WHERE " + key + " > ?") + " ORDER BY " + key + " LIMIT " + config.batchSize();
        List<Map<String, Object>> rows = new ArrayList<>(config.batchSize());
        int read = 0;
        Object last = after;
        try (Connection connection = source.getConnection();
                PreparedStatement chunk = connection.prepareStatement(sql)) {
            if (after != null) {
                chunk.setObject(1, after);
            }
            try (ResultSet result = chunk.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                boolean[] dateTimes = new boolean[columns.size()];
                for (int i = 0; i < columns.size(); i++) {
                    dateTimes[i] = meta.getColumnType(i + 1) == Types.TIMESTAMP;
                }
                while (result.next()) {
                    Map<String, Object> row = new HashMap<>(columns.size() * 2);
                    for (int i = 0; i < columns.size(); i++) {
                        row.put(
                                columns.get(i),
                                dateTimes[i] ? result.getObject(i + 1, LocalDateTime.class) : result.getObject(i + 1));
                    }
                    last = row.get(key);
                    read++;
                    mapping.map(row).ifPresent(rows::add);
                }
            }
        }
        return new Chunk(rows, read, last);
    }

    /** Whether the copy of this generation is over: stopped or relaunched; waits while paused. */
    private boolean copyAbandoned(long myGeneration) {
        synchronized (lock) {
            while (paused && !stopRequested && myGeneration == generation) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
            return stopRequested || myGeneration != generation;
        }
    }

    private interface TargetWrite {
        void run() throws TargetUnavailableException;
    }

    /**
     * Retries a write while the target is unreachable, with back-off; a refused row is thrown.
     * With a generation (not -1), gives up once the pipeline was relaunched.
     */
    private void withRetry(long myGeneration, TargetWrite write) throws InterruptedException {
        long backoff = config.retry().initialBackoff().toMillis();
        while (true) {
            try {
                write.run();
                return;
            } catch (TargetUnavailableException e) {
                errorCounter.increment();
                synchronized (lock) {
                    if (stopRequested || (myGeneration >= 0 && myGeneration != generation)) {
                        throw new InterruptedException(
                                "pipeline " + name + " stopped while the target was unreachable");
                    }
                    if (state != PipelineState.PAUSED) {
                        state = PipelineState.RETRYING;
                    }
                    reason = e.getMessage();
                    log.warn("pipeline {}: {}; retrying in {} ms", name, e.getMessage(), backoff);
                    lock.wait(backoff);
                }
                backoff = Math.min(backoff * 2, config.retry().maxBackoff().toMillis());
            } catch (RowRejectedException e) {
                errorCounter.increment();
                throw e;
            }
        }
    }

    private void waitWhilePaused() throws InterruptedException {
        synchronized (lock) {
            while (paused && !stopRequested) {
                lock.wait();
            }
            if (stopRequested) {
                throw new InterruptedException("pipeline " + name + " stopped");
            }
        }
    }

    private void engineEnded(long myGeneration, boolean success, String message, Throwable error) {
        synchronized (lock) {
            // A pipeline that failed (the copy or an applier refused a row) closes its engine
            // itself: that end must neither retry nor replace the reason naming the row.
            if (myGeneration != generation || stopRequested || state == PipelineState.FAILED) {
                return;
            }
        }
        errorCounter.increment();
        Throwable fatal = fatalCause(error);
        if (fatal != null) {
            log.error("pipeline {} failed: {}", name, fatal.getMessage());
            synchronized (lock) {
                state = PipelineState.FAILED;
                reason = fatal.getMessage();
                lock.notifyAll();
            }
            scheduler.execute(this::releaseAfterFailure);
        } else {
            Throwable cause = error != null ? error : new IllegalStateException(message);
            retryLater(myGeneration, cause);
        }
    }

    private void releaseAfterFailure() {
        shutDown();
    }

    private static Throwable fatalCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MappingException || t instanceof RowRejectedException) {
                return t;
            }
        }
        return null;
    }

    private void retryLater(long myGeneration, Throwable cause) {
        long backoff;
        synchronized (lock) {
            if (stopRequested || myGeneration != generation || state == PipelineState.FAILED) {
                return;
            }
            if (state != PipelineState.PAUSED) {
                state = PipelineState.RETRYING;
            }
            reason = rootMessage(cause);
            backoff = Math.min(
                    config.retry().initialBackoff().toMillis() << Math.min(attempts, 16),
                    config.retry().maxBackoff().toMillis());
            attempts++;
        }
        log.warn("pipeline {}: {}; restarting in {} ms", name, reason, backoff);
        scheduler.schedule(
                () -> {
                    shutDownEngine();
                    launch();
                },
                backoff,
                TimeUnit.MILLISECONDS);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return error == root ? message : error.getMessage() + " (" + message + ")";
    }

    private void shutDown() {
        shutDownEngine();
        stopAppliers();
        ChangeLogPublisher producer;
        ChangeLogTopic topic;
        synchronized (lock) {
            if (beating != null) {
                beating.cancel(false);
                beating = null;
            }
            if (measuringLag != null) {
                measuringLag.cancel(false);
                measuringLag = null;
            }
            heartbeat = null;
            producer = publisher;
            topic = changeLog;
            publisher = null;
            changeLog = null;
        }
        if (producer != null) {
            producer.close();
        }
        if (topic != null) {
            topic.close();
        }
        closePools();
    }

    /** Debezium refuses to close while its tasks start, and closing after a failed start throws. */
    private void shutDownEngine() {
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> current;
        ExecutorService thread;
        Future<?> run;
        synchronized (lock) {
            current = engine;
            thread = engineThread;
            run = engineRun;
            engine = null;
            engineThread = null;
            engineRun = null;
        }
        if (current == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!run.isDone() && System.nanoTime() < deadline) {
            try {
                current.close();
                break;
            } catch (IllegalStateException e) {
                if (run.isDone() || e.getMessage() == null || !e.getMessage().contains("starting")) {
                    break;
                }
                synchronized (lock) {
                    try {
                        lock.wait(50);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            } catch (Exception e) {
                log.debug("pipeline {}: closing the engine: {}", name, e.getMessage());
                break;
            }
        }
        try {
            run.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("pipeline {}: engine ended with {}", name, e.toString());
        }
        thread.shutdownNow();
    }

    private static void closeQuietly(DebeziumEngine<?> engine) {
        try {
            engine.close();
        } catch (Exception e) {
            log.debug("closing an unused engine: {}", e.getMessage());
        }
    }

    private void openPools() {
        synchronized (lock) {
            if (source == null) {
                source = pool(name + "-source", config.source());
            }
            if (target == null) {
                target = pool(name + "-target", config.target());
            }
        }
    }

    private void closePools() {
        synchronized (lock) {
            if (source != null) {
                source.close();
                source = null;
            }
            if (target != null) {
                target.close();
                target = null;
            }
        }
    }

    private static HikariDataSource pool(String poolName, ReplicatorProperties.Endpoint endpoint) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(endpoint.url());
        hikari.setUsername(endpoint.user());
        hikari.setPassword(endpoint.password());
        hikari.setMaximumPoolSize(3);
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(1000);
        hikari.setValidationTimeout(500);
        hikari.setInitializationFailTimeout(-1);
        return new HikariDataSource(hikari);
    }

    private static long count(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String table(String topic) {
        return topic == null ? "" : topic.substring(topic.lastIndexOf('.') + 1);
    }

    private static String position(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("source") == null) {
            return "";
        }
        Struct source = value.getStruct("source");
        if (source.schema().field("gtid") != null && source.get("gtid") != null) {
            return source.getString("gtid");
        }
        if (source.schema().field("file") != null) {
            return source.get("file") + ":" + source.get("pos");
        }
        return "";
    }

    /** Stops the engine and the control threads, for the end of the application. */
    public void close() {
        synchronized (lock) {
            stopRequested = true;
            paused = false;
            lock.notifyAll();
        }
        shutDown();
        scheduler.shutdownNow();
        synchronized (lock) {
            state = PipelineState.STOPPED;
        }
    }
}
