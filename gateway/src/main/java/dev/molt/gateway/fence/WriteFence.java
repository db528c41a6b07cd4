package dev.molt.gateway.fence;

import dev.molt.gateway.cutover.CutoverProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
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
    /**
     * {@code information_schema.INNODB_TRX} is a cache the server refreshes only when it has not been
     * read for 100 ms: a read sooner after the last one shows the old snapshot, and polling faster never
     * sees a commit. So the reads are this far apart, also across switches in quick succession.
     */
    private static final Duration TRX_CACHE_IDLE = Duration.ofMillis(110);

    private final WriteFenceProperties properties;
    private final CutoverProperties.Database oldDatabase;
    private final CutoverProperties.Database newDatabase;
    private long lastTrxReadNanos = System.nanoTime() - TRX_CACHE_IDLE.toNanos();

    WriteFence(WriteFenceProperties properties, CutoverProperties cutover) {
        this.properties = properties;
        this.oldDatabase = cutover.oldDatabase();
        this.newDatabase = cutover.newDatabase();
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
     * Waits until no transaction of the side's application account holds uncommitted writes, at
     * most until {@code deadlineNanos}; returns how many still do (0 when done). A statement run
     * before the revoke passed its privilege check, so its transaction may still commit: such a
     * commit must land before the drain reads the source's position, or it would reach the old side
     * after the switch. Needs the PROCESS privilege, without which other accounts' transactions are
     * invisible.
     */
    public int awaitOpenWrites(Side side, long deadlineNanos) {
        WriteFenceProperties.Writer writer = writer(side);
        try (Connection connection = connect(side);
                PreparedStatement open =
                        connection.prepareStatement("SELECT COUNT(*) FROM information_schema.INNODB_TRX t"
                                + " JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
                                + " WHERE p.USER = ? AND t.trx_rows_modified > 0")) {
            open.setString(1, writer.user());
            boolean first = true;
            while (true) {
                int count;
                synchronized (this) {
                    long now = System.nanoTime();
                    long idle = lastTrxReadNanos + TRX_CACHE_IDLE.toNanos() - now;
                    if (!first) {
                        // past the deadline an old snapshot will do: it can only say "still open"
                        idle = Math.min(idle, deadlineNanos - now);
                    }
                    if (idle > 0) {
                        LockSupport.parkNanos(idle);
                    }
                    try (ResultSet rs = open.executeQuery()) {
                        rs.next();
                        count = rs.getInt(1);
                    }
                    lastTrxReadNanos = System.nanoTime();
                }
                if (count == 0 || System.nanoTime() >= deadlineNanos) {
                    return count;
                }
                first = false;
            }
        } catch (SQLException e) {
            throw failure("watch open transactions for", side, writer, e);
        }
    }

    private void execute(Side side, String sql) throws SQLException {
        try (Connection connection = connect(side);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection connect(Side side) throws SQLException {
        CutoverProperties.Database db = side == Side.OLD ? oldDatabase : newDatabase;
        if (db.url() == null || db.url().isBlank()) {
            throw new SQLException(side + " database not configured (molt.gateway.cutover."
                    + side.name().toLowerCase() + "-database.url)");
        }
        return DriverManager.getConnection(db.url(), db.username(), db.password());
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

    /** The database refused to change the fence; the switch does not go on without it. */
    public static final class WriteFenceException extends RuntimeException {
        WriteFenceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
