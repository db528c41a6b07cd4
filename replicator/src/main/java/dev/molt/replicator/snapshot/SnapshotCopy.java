package dev.molt.replicator.snapshot;

import dev.molt.replicator.apply.BatchApplier;
import dev.molt.replicator.apply.RowRejectedException;
import dev.molt.replicator.apply.TargetWrite;
import dev.molt.replicator.capture.AppliedPositionRepository;
import dev.molt.replicator.config.ReplicatorProperties.SnapshotMode;
import dev.molt.replicator.mapping.MappingException;
import dev.molt.replicator.mapping.RowMapping;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the rows of the source table to the target, alongside the stream, once the stream's
 * start position is applied: every change after that position reaches the target through the
 * stream, and the version guard orders copied and streamed images of a row by version, so the
 * copy needs neither a lock on the source nor a consistent read. Keyset chunks of {@code
 * batchSize} rows, one target transaction each.
 *
 * <p>Thread safety: the snapshot mark (a monitor of its own) is held while a batch of the stream
 * is applied with the snapshot flag ({@link #withFlag}) and while the copy sets it, so that no
 * batch applies with a flag the copy has just changed. Only the {@link Listener}'s retry is
 * called inside the mark, and it takes only the pipeline's life cycle monitor.
 */
public final class SnapshotCopy {

    private static final Logger log = LoggerFactory.getLogger(SnapshotCopy.class);

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

    /** Rows of the source read and mapped: the rows to write, how many were read, the last key read. */
    private record Chunk(List<Map<String, Object>> rows, int read, Object last) {}

    private final String name;
    private final RowMapping mapping;
    private final int batchSize;
    private final Duration earlierCopyTimeout;
    private final Listener listener;
    private final Object mark = new Object();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong rowsCopied = new AtomicLong();
    private volatile boolean completed;
    private volatile long rowsTotal;
    private volatile DataSource source;
    private volatile BatchApplier applier;
    /** The thread copying the source's rows, while it may still write. */
    private Thread copier;

    public SnapshotCopy(
            String name, RowMapping mapping, int batchSize, Duration earlierCopyTimeout, Listener listener) {
        this.name = name;
        this.mapping = mapping;
        this.batchSize = batchSize;
        this.earlierCopyTimeout = earlierCopyTimeout;
        this.listener = listener;
    }

    /**
     * Prepares a launch: discards what an interrupted snapshot left in the target, and decides
     * whether the rows are to be copied after the first applied batch.
     *
     * @return what the target stores of the pipeline
     */
    public AppliedPositionRepository.Stored prepare(
            DataSource source, DataSource target, BatchApplier applier, SnapshotMode mode)
            throws SQLException, InterruptedException {
        AppliedPositionRepository.Stored stored = new AppliedPositionRepository(name).stored(target);
        if (stored.exists() && !stored.snapshotCompleted() && mode == SnapshotMode.INITIAL) {
            awaitEarlierCopy();
            log.info("pipeline {}: the snapshot was interrupted; discarding its rows and starting it over", name);
            BatchApplier.discardPartialSnapshot(target, name, mapping.targetTable(), mapping.targetFilters());
        }
        this.source = source;
        this.applier = applier;
        completed = stored.snapshotCompleted() || mode == SnapshotMode.NO_DATA;
        pending.set(!completed);
        rowsCopied.set(0);
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
     * Waits for the copy of an earlier attempt to end before its rows are discarded: a chunk it
     * wrote after the discard could bring back a row deleted before the new stream position.
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

    /**
     * Copies chunk after chunk; the next chunk is read and mapped on a second thread (and source
     * connection) while the current one is written, so that the source's read and the mapping no
     * longer wait for the target's insert. The order of the chunks' reads and writes does not
     * matter to correctness: the version guard and the tombstone lookup are done at write time.
     */
    private void copy(long launch) {
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "molt-" + name + "-copy-read");
            thread.setDaemon(true);
            return thread;
        });
        DataSource from = source;
        BatchApplier to = applier;
        try {
            Future<Chunk> ahead = reader.submit(() -> readChunk(from, null));
            while (!listener.abandoned(launch)) {
                Chunk chunk = next(ahead);
                if (chunk.read() == 0) {
                    synchronized (mark) {
                        listener.retry(launch, to::markSnapshotCompleted);
                        completed = true;
                    }
                    listener.completed();
                    log.info("pipeline {}: copied {} rows", name, rowsCopied.get());
                    return;
                }
                ahead = reader.submit(() -> readChunk(from, chunk.last()));
                if (!chunk.rows().isEmpty()) {
                    listener.retry(launch, () -> to.copy(chunk.rows()));
                    listener.copied(chunk.rows().size());
                }
                rowsCopied.addAndGet(chunk.read());
            }
        } catch (InterruptedException e) {
            log.debug("pipeline {}: copy ended: {}", name, e.getMessage());
        } catch (MappingException | RowRejectedException e) {
            listener.refused(launch, e);
        } catch (SQLException | RuntimeException e) {
            if (!listener.abandoned(launch)) {
                listener.broke(launch, e);
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
    private Chunk readChunk(DataSource from, Object after) throws SQLException {
        List<String> columns = mapping.sourceColumns();
        String key = mapping.sourceKey();
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + mapping.sourceTable()
                + (after == null ? "" : " WHERE " + key + " > ?") + " ORDER BY " + key + " LIMIT " + batchSize;
        List<Map<String, Object>> rows = new ArrayList<>(batchSize);
        int read = 0;
        Object last = after;
        try (Connection connection = from.getConnection();
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

    private static long count(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
