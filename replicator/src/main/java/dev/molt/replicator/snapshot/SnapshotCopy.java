package dev.molt.replicator.snapshot;

import dev.molt.replicator.apply.BatchApplier;
import dev.molt.replicator.apply.RowRejectedException;
import dev.molt.replicator.apply.TargetWrite;
import dev.molt.replicator.capture.AppliedPositionRepository;
import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.config.ReplicatorProperties.SnapshotMode;
import dev.molt.replicator.mapping.MappingException;
import dev.molt.replicator.mapping.RowMapping;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the rows of the source table to the target, alongside the stream, once the stream's
 * start position is applied: every change after that position reaches the target through the
 * stream, and the version guard orders copied and streamed images of a row by version, so the
 * copy needs neither a lock on the source nor a consistent read.
 *
 * <p>The keys up to the largest one at the copy's start (its watermark: rows inserted above it
 * come through the stream) are split into ranges that several workers copy at once, each in
 * keyset chunks sized toward a target time ({@link ChunkSizer}), one target transaction per chunk
 * that also records how far its range has come ({@link CopyProgressRepository}), so that a copy
 * killed at any point resumes where its chunks had committed; a range's next chunk is read while
 * the current one is written ({@link RangeReader}). The workers read and map in parallel, but
 * only {@code concurrent-writes} chunks (two by default) are written to the target at once, each
 * worker taking a turn for its chunk's transaction: measured, a second insert at once into one
 * table fills the gaps a single writer leaves the target (encoding, progress, commit) for about
 * 30 % more of the target's CPU per row, and more add contention, not rows: InnoDB latches the
 * root page of a table with an AUTO_INCREMENT column (as {@code seafood}'s key is) while it inserts
 * each row, and the writers take turns there (docs/BENCHMARKS.md, "Two chunks written at once",
 * "The table's own ceiling"). The copy waits while the stream
 * lags or the target commits slowly ({@link CopyThrottle}). Each worker writes through an applier
 * of its own that reads tombstones with a shared lock, so that a delete the stream commits
 * meanwhile is either seen or waits for the chunk (see {@link BatchApplier}).
 *
 * <p>Thread safety: the snapshot mark (a monitor of its own) is held while a batch of the stream
 * is applied with the snapshot flag ({@link #withFlag}) and while the copy sets it, so that no
 * batch applies with a flag the copy has just changed. Only the {@link Listener}'s retry is
 * called inside the mark, and it takes only the pipeline's life cycle monitor.
 */
public final class SnapshotCopy {

    private static final Logger log = LoggerFactory.getLogger(SnapshotCopy.class);

    /** Ranges per worker: more ranges than workers, so that a worker done early takes another. */
    static final int RANGES_PER_WORKER = 4;

    /** What the copy reports to its pipeline, and asks of it. */
    public interface Listener {
        /** Blocks while paused; whether the copy of that launch is over (stopped or relaunched). */
        boolean abandoned(long launch);

        /**
         * Runs the write until it succeeds, waiting while the target is unreachable.
         *
         * @throws InterruptedException where that launch is over meanwhile
         */
        void retry(long launch, TargetWrite write) throws InterruptedException;

        /** Rows were written to the target. */
        void copied(int rows);

        /** Every row is copied and the snapshot marked completed in the target. */
        void completed();

        /** A row does not fit the mapping or the target refused it: the pipeline must stop. */
        void refused(long launch, RuntimeException error);

        /** A database failed: the copy ended and the launch should be retried. */
        void broke(long launch, Exception error);
    }

    /** A write of a stream batch, given whether the snapshot completed. */
    @FunctionalInterface
    public interface FlaggedWrite {
        void run(boolean snapshotCompleted) throws InterruptedException;
    }

    /**
     * The copy as the status shows it.
     *
     * @param chunks chunks committed by this copy since it (re)started
     * @param workers ranges copied at once
     * @param rowsPerSecond source rows copied per second since the copy (re)started
     * @param etaSeconds seconds left at that rate; null when not copying
     * @param throttled why the copy waits now; null while it runs free
     */
    public record Progress(
            boolean completed,
            long rowsCopied,
            long rowsTotal,
            long chunks,
            int workers,
            double rowsPerSecond,
            Long etaSeconds,
            String throttled) {

        /**
         * This progress, completed as the pipeline sees it: on the Kafka transport the appliers
         * elsewhere may know the snapshot completed where this process's copy does not.
         */
        public Progress completedAs(boolean snapshotCompleted) {
            return new Progress(
                    snapshotCompleted, rowsCopied, rowsTotal, chunks, workers, rowsPerSecond, etaSeconds, throttled);
        }
    }

    private final String name;
    private final RowMapping mapping;
    private final int batchSize;
    private final ReplicatorProperties.Copy settings;
    private final Duration earlierCopyTimeout;
    private final Listener listener;
    private final CopyProgressRepository ranges;
    private final CopyThrottle throttle;
    private final Object mark = new Object();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong rowsCopied = new AtomicLong();
    private final AtomicLong chunks = new AtomicLong();
    private volatile boolean completed;
    private volatile long rowsTotal;
    private volatile long copyStartedNanos;
    private volatile long rowsAtStart;
    private volatile boolean copying;
    private volatile DataSource source;
    private volatile DataSource target;
    private volatile Supplier<BatchApplier> appliers;
    /** The thread running the copy's workers, while they may still write. */
    private Thread copier;

    /**
     * @param lagMillis how far the stream lags now, for the throttle
     */
    public SnapshotCopy(
            String name,
            RowMapping mapping,
            int batchSize,
            ReplicatorProperties.Copy settings,
            Duration earlierCopyTimeout,
            LongSupplier lagMillis,
            Listener listener) {
        this.name = name;
        this.mapping = mapping;
        this.batchSize = batchSize;
        this.settings = settings;
        this.earlierCopyTimeout = earlierCopyTimeout;
        this.listener = listener;
        this.ranges = new CopyProgressRepository(name);
        this.throttle = new CopyThrottle(lagMillis, settings.maxLag(), settings.maxCommitLatency());
    }

    /**
     * Prepares a launch: decides whether the rows are to be copied after the first applied batch,
     * and whether an interrupted copy resumes (its ranges were recorded) or, where it left no
     * ranges (a copy of an earlier version), its rows are discarded and it starts over.
     *
     * @param appliers a new applier of copied rows, one per worker
     * @return what the target stores of the pipeline
     */
    public AppliedPositionRepository.Stored prepare(
            DataSource source, DataSource target, Supplier<BatchApplier> appliers, SnapshotMode mode)
            throws SQLException, InterruptedException {
        try (Connection connection = target.getConnection();
                Statement statement = connection.createStatement()) {
            CopyProgressRepository.createTable(statement);
        }
        AppliedPositionRepository.Stored stored = new AppliedPositionRepository(name).stored(target);
        List<KeyRange> recorded = loadRanges(target);
        long resumedRows = 0;
        if (stored.exists() && !stored.snapshotCompleted() && mode == SnapshotMode.INITIAL) {
            awaitEarlierCopy();
            if (recorded.isEmpty()) {
                log.info("pipeline {}: the snapshot was interrupted; discarding its rows and starting it over", name);
                BatchApplier.discardPartialSnapshot(target, name, mapping.targetTable(), mapping.targetFilters());
                stored = new AppliedPositionRepository(name).stored(target);
            } else {
                resumedRows = recorded.stream().mapToLong(KeyRange::rowsCopied).sum();
                log.info(
                        "pipeline {}: the snapshot was interrupted; its copy resumes ({} of {} ranges done, {} rows)",
                        name,
                        recorded.stream().filter(KeyRange::done).count(),
                        recorded.size(),
                        resumedRows);
            }
        } else if (!recorded.isEmpty()) {
            discardRanges(target);
        }
        this.source = source;
        this.target = target;
        this.appliers = appliers;
        completed = stored.snapshotCompleted() || mode == SnapshotMode.NO_DATA;
        pending.set(!completed);
        rowsCopied.set(completed ? 0 : resumedRows);
        chunks.set(0);
        rowsTotal = completed ? 0 : count(source, mapping.sourceTable());
        return stored;
    }

    public boolean completed() {
        return completed;
    }

    public long rowsCopied() {
        return rowsCopied.get();
    }

    public long rowsTotal() {
        return Math.max(rowsTotal, rowsCopied.get());
    }

    /** Where the copy is, for the status. */
    public Progress progress() {
        long copied = rowsCopied.get();
        long total = rowsTotal();
        double rate = 0;
        Long eta = null;
        if (copying) {
            double seconds = Math.max(System.nanoTime() - copyStartedNanos, 1_000_000) / 1e9;
            rate = (copied - rowsAtStart) / seconds;
            eta = rate > 0 ? (long) Math.ceil(Math.max(total - copied, 0) / rate) : null;
        }
        return new Progress(
                completed,
                copied,
                total,
                chunks.get(),
                settings.workerCount(),
                rate,
                eta,
                copying ? throttle.reason() : null);
    }

    /** Runs a write of the stream with the snapshot flag, which cannot change meanwhile; returns the flag. */
    public boolean withFlag(FlaggedWrite write) throws InterruptedException {
        synchronized (mark) {
            boolean flag = completed;
            write.run(flag);
            return flag;
        }
    }

    /** Starts the copy of that launch, once: after the launch's first applied batch. */
    public void startIfPending(long launch) {
        if (!pending.getAndSet(false)) {
            return;
        }
        Thread thread = new Thread(() -> copy(launch), "molt-" + name + "-copy");
        thread.setDaemon(true);
        synchronized (this) {
            copier = thread;
        }
        thread.start();
    }

    /**
     * Waits for the copy of an earlier attempt to end before its rows are discarded or its ranges
     * resumed: a chunk it wrote afterwards could bring back a row deleted before the new stream
     * position, or move a range on behind the new copy's back.
     */
    private void awaitEarlierCopy() throws InterruptedException {
        Thread previous;
        synchronized (this) {
            previous = copier;
            copier = null;
        }
        if (previous != null) {
            previous.join(earlierCopyTimeout.toMillis());
            if (previous.isAlive()) {
                throw new IllegalStateException("the copy of an earlier attempt has not ended yet");
            }
        }
    }

    /** Copies every range not done yet with the workers, then marks the snapshot completed. */
    private void copy(long launch) {
        DataSource from = source;
        DataSource to = target;
        Supplier<BatchApplier> writers = appliers;
        ExecutorService workers = null;
        ExecutorService readers = null;
        try {
            List<KeyRange> all = CopyPlan.ranges(from, to, mapping, ranges, settings.workerCount() * RANGES_PER_WORKER);
            ChunkReader reader = new ChunkReader(mapping, CopyPlan.wholeNumberKeys(from, mapping));
            Queue<KeyRange> left = new ConcurrentLinkedQueue<>();
            all.stream().filter(range -> !range.done()).forEach(left::add);
            int count = Math.max(1, Math.min(settings.workerCount(), left.size()));
            workers = Executors.newFixedThreadPool(count, new WorkerThreads("molt-" + name + "-copy-"));
            ExecutorService reads =
                    Executors.newFixedThreadPool(count, new WorkerThreads("molt-" + name + "-copy-read-"));
            readers = reads;
            rowsAtStart = rowsCopied.get();
            copyStartedNanos = System.nanoTime();
            copying = true;
            AtomicBoolean failed = new AtomicBoolean();
            Semaphore writes = new Semaphore(settings.concurrentWrites(), true);
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                running.add(workers.submit(() -> {
                    try {
                        BatchApplier writer = writers.get();
                        ChunkSizer sizer =
                                new ChunkSizer(batchSize, settings.chunkTime().toNanos(), settings.maxChunkRows());
                        KeyRange range;
                        while (!failed.get() && (range = left.poll()) != null) {
                            try (RangeReader chunks =
                                    new RangeReader(reader, from, range.resumeAfter(), range.upTo(), reads)) {
                                copyRange(launch, range, chunks, writer, writes, sizer, failed);
                            }
                        }
                        return null;
                    } catch (Exception | Error e) {
                        failed.set(true);
                        throw e;
                    }
                }));
            }
            awaitAll(running);
            if (listener.abandoned(launch)) {
                return;
            }
            BatchApplier writer = writers.get();
            synchronized (mark) {
                listener.retry(launch, writer::markSnapshotCompleted);
                completed = true;
            }
            discardRanges(to);
            listener.completed();
            log.info("pipeline {}: copied {} rows", name, rowsCopied.get());
        } catch (InterruptedException e) {
            log.debug("pipeline {}: copy ended: {}", name, e.getMessage());
        } catch (MappingException | RowRejectedException e) {
            listener.refused(launch, e);
        } catch (SQLException | RuntimeException e) {
            if (!listener.abandoned(launch)) {
                listener.broke(launch, e);
            }
        } finally {
            copying = false;
            if (readers != null) {
                readers.shutdownNow();
            }
            if (workers != null) {
                workers.shutdownNow();
                try {
                    workers.awaitTermination(earlierCopyTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Copies one range chunk by chunk from where it stopped; each chunk's rows and the range's new
     * position commit together.
     */
    private void copyRange(
            long launch,
            KeyRange range,
            RangeReader reader,
            BatchApplier writer,
            Semaphore writes,
            ChunkSizer sizer,
            AtomicBoolean failed)
            throws InterruptedException, SQLException {
        long lastCommit = 0;
        while (true) {
            if (failed.get() || listener.abandoned(launch)) {
                throw new InterruptedException("the copy of that launch is over");
            }
            lastCommit = awaitThrottle(launch, lastCommit);
            ChunkReader.Chunk chunk = reader.next(sizer.rows());
            boolean done = chunk.end();
            String last = chunk.read() == 0 ? null : String.valueOf(chunk.last());
            writes.acquire();
            long began = System.nanoTime();
            try {
                listener.retry(
                        launch,
                        () -> writer.copy(
                                chunk.rows(),
                                connection -> ranges.advance(connection, range.number(), last, done, chunk.read())));
            } finally {
                writes.release();
            }
            lastCommit = writer.lastCommitMillis();
            if (!chunk.rows().isEmpty()) {
                listener.copied(chunk.rows().size());
            }
            rowsCopied.addAndGet(chunk.read());
            chunks.incrementAndGet();
            sizer.took(System.nanoTime() - began);
            if (done) {
                return;
            }
        }
    }

    /** Waits while the throttle says so; returns the commit time still to be considered (none). */
    private long awaitThrottle(long launch, long lastCommitMillis) throws InterruptedException {
        long commit = lastCommitMillis;
        CopyThrottle.Wait wait;
        while ((wait = throttle.next(commit)) != null) {
            if (listener.abandoned(launch)) {
                throw new InterruptedException("the copy of that launch is over");
            }
            TimeUnit.MILLISECONDS.sleep(wait.millis());
            commit = 0;
        }
        return 0;
    }

    private static void awaitAll(List<Future<Void>> running) throws InterruptedException, SQLException {
        Throwable first = null;
        for (Future<Void> worker : running) {
            try {
                worker.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (first == null || first instanceof InterruptedException) {
                    first = cause;
                }
            }
        }
        if (first instanceof SQLException failure) {
            throw failure;
        }
        if (first instanceof RuntimeException failure) {
            throw failure;
        }
        if (first instanceof InterruptedException failure) {
            throw failure;
        }
        if (first instanceof Error failure) {
            throw failure;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
    }

    private List<KeyRange> loadRanges(DataSource to) throws SQLException {
        try (Connection connection = to.getConnection()) {
            return ranges.load(connection);
        }
    }

    private void discardRanges(DataSource to) throws SQLException {
        try (Connection connection = to.getConnection()) {
            ranges.discard(connection);
        }
    }

    private static long count(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Daemon threads named after the pipeline, numbered. */
    private record WorkerThreads(String prefix, AtomicLong number) implements ThreadFactory {

        WorkerThreads(String prefix) {
            this(prefix, new AtomicLong());
        }

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, prefix + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
