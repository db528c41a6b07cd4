package dev.molt.gateway.fence;

import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Makes one side's database refuse the application's writes, the way Vitess denies writes on the
 * source in SwitchWrites: the gateway's door only stops commands that pass the gateway, while a
 * command it gave up on (and that commits late) or a batch job writing the database directly would
 * fork OLD and NEW after the switch. Revoking INSERT, UPDATE and DELETE on the table from the
 * application account stops both at their next statement, on connections already open too, and
 * leaves the replicator, which writes as its own account, untouched. A transaction that wrote
 * before the revoke may still commit, so the switch also waits for those to end. The state lives
 * in the database's grant tables, so it survives a gateway crash.
 */
@Component
public class WriteFence {

    /** A side of the migration, by the database that holds its writes. */
    public enum Side {
        OLD,
        NEW;

        Side other() {
            return this == OLD ? NEW : OLD;
        }
    }

    private static final String WRITES = "INSERT, UPDATE, DELETE";
    private static final int NO_SUCH_TABLE_GRANT = 1147;
    private static final int NO_SUCH_GRANT = 1141;
    private static final int LOCK_WAIT_TIMEOUT = 1205;

    private final WriteFenceProperties properties;
    private final Databases databases;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "molt-write-fence-timer");
        thread.setDaemon(true);
        return thread;
    });

    WriteFence(WriteFenceProperties properties, Databases databases) {
        this.properties = properties;
        this.databases = databases;
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /** Revokes the side's writes; idempotent. Returns the line the stage history records. */
    public String apply(Side side) {
        WriteFenceProperties.Writer writer = writer(side);
        try {
            execute(side, "REVOKE " + WRITES + " ON `" + writer.table() + "` FROM " + account(writer));
        } catch (SQLException e) {
            if (e.getErrorCode() != NO_SUCH_TABLE_GRANT && e.getErrorCode() != NO_SUCH_GRANT) {
                throw failure("apply", side, writer, e);
            }
        }
        return "write fence applied on " + side + " (" + writer.label() + ")";
    }

    /** Grants the side's writes back; idempotent. */
    public String lift(Side side) {
        WriteFenceProperties.Writer writer = writer(side);
        try {
            execute(side, "GRANT " + WRITES + " ON `" + writer.table() + "` TO " + account(writer));
        } catch (SQLException e) {
            throw failure("lift", side, writer, e);
        }
        return "write fence lifted on " + side + " (" + writer.label() + ")";
    }

    /**
     * Waits until no transaction that wrote the side's table is still open, at most until
     * {@code deadlineNanos}; returns how many still are (0 when done). A statement run before the
     * revoke passed its privilege check, so its transaction may still commit: such a commit must
     * land before the drain reads the source's position, or it would reach the old side after the
     * switch.
     * <p>
     * The wait is a metadata lock, not a look at {@code INNODB_TRX}: a transaction that wrote a
     * table holds a shared-write metadata lock on it until it ends, and {@code LOCK TABLES ... READ}
     * waits for exactly those (transactions that only read the table do not hold it up). InnoDB's
     * transaction view is a cache refreshed only after 100 ms without a read, so polling it can
     * miss a transaction that just wrote, or keep showing one that has just committed. Needs LOCK
     * TABLES and SELECT on the table; the lock is given up at once. On time-out the statement is
     * cancelled, and {@code INNODB_TRX} (PROCESS privilege) only counts the culprits for the reason.
     */
    public int awaitOpenWrites(Side side, long deadlineNanos) {
        WriteFenceProperties.Writer writer = writer(side);
        try (Connection connection = connect(side);
                Statement lock = connection.createStatement()) {
            long waitNanos = Math.max(deadlineNanos - System.nanoTime(), 0);
            lock.execute(
                    "SET SESSION lock_wait_timeout = " + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1));
            ScheduledFuture<?> cancel = timer.schedule(() -> cancelQuietly(lock), waitNanos, TimeUnit.NANOSECONDS);
            try {
                lock.execute("LOCK TABLES `" + writer.table() + "` READ");
                lock.execute("UNLOCK TABLES");
                return 0;
            } catch (SQLException e) {
                if (System.nanoTime() < deadlineNanos && e.getErrorCode() != LOCK_WAIT_TIMEOUT) {
                    throw e;
                }
            } finally {
                cancel.cancel(false);
            }
        } catch (SQLException e) {
            throw failure("wait for the open transactions of", side, writer, e);
        }
        return Math.max(1, openWriters(side, writer));
    }

    private int openWriters(Side side, WriteFenceProperties.Writer writer) {
        try (Connection connection = connect(side);
                PreparedStatement open =
                        connection.prepareStatement("SELECT COUNT(*) FROM information_schema.INNODB_TRX t"
                                + " JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
                                + " WHERE p.USER = ? AND t.trx_rows_modified > 0")) {
            open.setString(1, writer.user());
            try (ResultSet rs = open.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            return 1;
        }
    }

    private static void cancelQuietly(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException e) {
            // the lock statement has ended meanwhile, or the connection is gone: either way it no longer waits
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private void execute(Side side, String sql) throws SQLException {
        try (Connection connection = connect(side);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection connect(Side side) throws SQLException {
        return databases.connect(side);
    }

    private WriteFenceProperties.Writer writer(Side side) {
        return side == Side.OLD ? properties.oldWriter() : properties.newWriter();
    }

    private static String account(WriteFenceProperties.Writer writer) {
        return "'" + writer.user() + "'@'" + writer.host() + "'";
    }

    private static WriteFenceException failure(
            String what, Side side, WriteFenceProperties.Writer writer, SQLException e) {
        return new WriteFenceException(
                "could not " + what + " the write fence on " + side + " (" + writer.label() + "): " + e.getMessage(),
                e);
    }

    /**
     * Where the two sides' databases are: the cutover's settings own them (the stage guards read the
     * same databases), so the fence asks through this rather than depending on the cutover.
     */
    public interface Databases {

        /** A new connection to {@code side}'s database, with the account that may grant and revoke; throws when not configured. */
        Connection connect(Side side) throws SQLException;
    }

    /** The database refused to change the fence; the switch does not go on without it. */
    public static final class WriteFenceException extends RuntimeException {
        WriteFenceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
