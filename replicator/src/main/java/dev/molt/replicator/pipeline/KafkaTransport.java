package dev.molt.replicator.pipeline;

import dev.molt.replicator.apply.BatchApplier;
import dev.molt.replicator.apply.TargetUnavailableException;
import dev.molt.replicator.capture.AppliedPositionRepository;
import dev.molt.replicator.capture.Heartbeat;
import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.config.ReplicatorProperties.SnapshotMode;
import dev.molt.replicator.transport.ChangeLogApplier;
import dev.molt.replicator.transport.ChangeLogPositions;
import dev.molt.replicator.transport.ChangeLogPublisher;
import dev.molt.replicator.transport.ChangeLogTopic;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The Kafka transport: the capture publishes every event to the pipeline's change log (and the
 * pipeline stores the source offset once Kafka acknowledged the batch); the appliers of this
 * process (if any) consume the log. Caught-up-ness and drains come from the positions the
 * appliers store in the target ({@link ChangeLogPositions}), whichever process runs them.
 *
 * <p>Its monitor guards the topic, publisher, appliers and the lag measurement's schedule, and is
 * held only to swap them, never while calling out.
 */
final class KafkaTransport implements Transport {

    private final String name;
    private final ReplicatorProperties.Pipeline config;
    private final PipelineDataSources pools;
    private final ScheduledExecutorService scheduler;
    private final PipelineLifecycle lifecycle;
    private final TargetRetry retry;
    private final ChangeLogApplier.Listener listener;
    private final Supplier<BatchApplier> appliersOwn;
    private final List<ChangeLogApplier> appliers = new ArrayList<>();
    private ExecutorService applierThreads;
    private ChangeLogTopic changeLog;
    private ChangeLogPublisher publisher;
    private ScheduledFuture<?> measuringLag;
    private volatile long consumerLag = -1;

    /**
     * What the appliers of the change log have applied, from the positions they store in the
     * target: the lowest heartbeat over all partitions, and caught up only once every partition
     * holds one and the snapshot is complete.
     */
    private record Progress(
            int partitionsApplied,
            long beatSeq,
            Long caughtUpAt,
            boolean snapshotCompleted,
            Map<Integer, Long> nextOffsets) {

        static final Progress UNKNOWN = new Progress(0, 0, null, false, Map.of());
    }

    /**
     * @param appliersOwn a new batch applier for each applier of this process
     */
    KafkaTransport(
            String name,
            ReplicatorProperties.Pipeline config,
            PipelineDataSources pools,
            ScheduledExecutorService scheduler,
            PipelineLifecycle lifecycle,
            TargetRetry retry,
            ChangeLogApplier.Listener listener,
            Supplier<BatchApplier> appliersOwn) {
        this.name = name;
        this.config = config;
        this.pools = pools;
        this.scheduler = scheduler;
        this.lifecycle = lifecycle;
        this.retry = retry;
        this.listener = listener;
        this.appliersOwn = appliersOwn;
    }

    @Override
    public int heartbeatSlots() {
        return config.kafka().partitions();
    }

    @Override
    public boolean open() throws SQLException, TargetUnavailableException {
        ChangeLogPositions.prepare(pools.target());
        openChangeLog();
        startAppliers();
        if (!config.kafka().capture()) {
            return false;
        }
        synchronized (this) {
            if (publisher == null) {
                publisher = new ChangeLogPublisher(name, config.kafka());
            }
        }
        return true;
    }

    /**
     * Creates the change log topic where absent, with the configured partitions, whether this
     * process captures or applies: a capture on a Kafka Connect worker would otherwise find the
     * broker's default of one partition.
     */
    private void openChangeLog() throws TargetUnavailableException {
        ChangeLogTopic topic;
        synchronized (this) {
            if (changeLog == null) {
                changeLog = new ChangeLogTopic(name, config.kafka());
            }
            topic = changeLog;
        }
        topic.ensure();
        synchronized (this) {
            if (measuringLag == null) {
                long every = config.tuning().consumerLagInterval().toMillis();
                measuringLag =
                        scheduler.scheduleWithFixedDelay(this::measureConsumerLag, 0, every, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Starts this process's members of the applier group, once per start of the pipeline: they
     * retry on their own while the target or Kafka is unreachable.
     */
    private synchronized void startAppliers() {
        if (!appliers.isEmpty() || config.kafka().appliers() == 0) {
            return;
        }
        int members = config.kafka().appliers();
        applierThreads = Executors.newFixedThreadPool(members, r -> new Thread(r, "molt-" + name + "-applier"));
        for (int member = 0; member < members; member++) {
            ChangeLogApplier consumer = new ChangeLogApplier(
                    name, member, config, pools.source(), pools.target(), appliersOwn.get(), listener);
            appliers.add(consumer);
            applierThreads.execute(consumer);
        }
    }

    /** Every event goes to the log, beats included; applying them is the appliers' work. */
    @Override
    public HandedOver handOver(List<SourceRecord> records) throws InterruptedException {
        List<SourceRecord> data =
                records.stream().filter(r -> r.value() != null).toList();
        ChangeLogPublisher producer;
        synchronized (this) {
            producer = publisher;
        }
        retry.run(PipelineLifecycle.ANY_GENERATION, () -> producer.publish(data));
        return new HandedOver(List.of(), data.size(), -1, -1);
    }

    /**
     * Polls the positions the appliers store in the target (they may run in other processes)
     * until every partition has applied the beat.
     */
    @Override
    public DrainResult drain(Heartbeat.Beat beat, long begin, Duration timeout) {
        long deadline = begin + timeout.toNanos();
        while (true) {
            Progress progress = progress();
            if (progress.caughtUpAt() != null && progress.beatSeq() >= beat.seq()) {
                return new DrainResult(
                        beat.sourcePosition(), beat.sourcePosition(), (System.nanoTime() - begin) / 1_000_000);
            }
            if (System.nanoTime() >= deadline) {
                throw new DrainTimeoutException("pipeline " + name + " did not apply source position "
                        + beat.sourcePosition() + " within " + timeout.toMillis() + " ms (state "
                        + lifecycle.state() + ", applied heartbeat " + progress.beatSeq() + " of " + beat.seq()
                        + " on " + progress.partitionsApplied() + " of "
                        + config.kafka().partitions()
                        + " partitions)");
            }
            try {
                lifecycle.pauseFor(Duration.ofMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DrainTimeoutException("drain of pipeline " + name + " interrupted");
            }
        }
    }

    @Override
    public View view(Long caughtUpAt, boolean snapshotCompleted, long lagEvents) {
        Progress progress = progress();
        long unapplied = consumerLag;
        PipelineStatus.ChangeLog log = new PipelineStatus.ChangeLog(
                config.kafka().topicOf(name),
                config.kafka().partitions(),
                progress.partitionsApplied(),
                config.kafka().capture(),
                appliersRunning(),
                lagEvents,
                unapplied);
        return new View(
                progress.caughtUpAt(),
                snapshotCompleted || progress.snapshotCompleted(),
                lagEvents + Math.max(0, unapplied),
                log);
    }

    private synchronized int appliersRunning() {
        return appliers.size();
    }

    private Progress progress() {
        DataSource pool = pools.target();
        if (pool == null) {
            return Progress.UNKNOWN;
        }
        try {
            ChangeLogPositions.Progress progress = ChangeLogPositions.progress(pool, name);
            boolean completed = config.snapshot() == SnapshotMode.NO_DATA
                    || new AppliedPositionRepository(name).stored(pool).snapshotCompleted();
            boolean everywhere = progress.partitions() >= config.kafka().partitions() && progress.beatSeq() > 0;
            return new Progress(
                    progress.partitions(),
                    progress.beatSeq(),
                    everywhere && completed ? progress.beatWrittenAt() : null,
                    completed,
                    progress.nextOffsets());
        } catch (SQLException | RuntimeException e) {
            return Progress.UNKNOWN;
        }
    }

    /**
     * Measures the change events in the log not yet applied, over all partitions (-1 where Kafka
     * does not answer), in the background: asking Kafka takes a round trip, or seconds while it is
     * away, which status must not wait for.
     */
    private void measureConsumerLag() {
        ChangeLogTopic topic;
        synchronized (this) {
            topic = changeLog;
        }
        if (topic == null) {
            return;
        }
        Progress progress = progress();
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

    @Override
    public void close() {
        stopAppliers();
        ChangeLogPublisher producer;
        ChangeLogTopic topic;
        synchronized (this) {
            if (measuringLag != null) {
                measuringLag.cancel(false);
                measuringLag = null;
            }
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
    }

    private void stopAppliers() {
        List<ChangeLogApplier> running;
        ExecutorService threads;
        synchronized (this) {
            running = List.copyOf(appliers);
            appliers.clear();
            threads = applierThreads;
            applierThreads = null;
        }
        running.forEach(ChangeLogApplier::stop);
        if (threads != null) {
            threads.shutdown();
            try {
                if (!threads.awaitTermination(
                        config.tuning().appliersStopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    threads.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
