package dev.molt.replicator.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.apache.kafka.connect.data.Struct;

/**
 * The heartbeat rows of one pipeline in the source database (the changelog-table technique of
 * gh-ost and pt-heartbeat). Each beat is a source transaction written at a known instant: once the
 * applier has applied it, every transaction committed on the source before that instant is
 * applied too, since the binlog is in commit order. This gives {@code caughtUpAt} and exact drains
 * without comparing positions that other tables' traffic moves.
 *
 * <p>A beat updates one row per slot in one statement. With the Kafka transport each slot's row
 * goes to the change log partition of that number, so that every partition carries every beat:
 * a partition that applied beat {@code n} applied everything before it that went to that
 * partition, and once all partitions did, everything before beat {@code n} is applied. The
 * sequence is incremented in the database, so processes beating for the same pipeline (capture,
 * and any replicator asked to drain) never reuse a number.
 */
public final class Heartbeat {

    /** The heartbeat table's name; the applier recognises its events by it. */
    public static final String TABLE = "molt_heartbeat";

    /** The column holding the slot, i.e. the change log partition a row's events belong to. */
    public static final String SLOT = "slot";

    private final DataSource source;
    private final String pipeline;
    private final SourceFlavour flavour;
    private final int slots;

    /** A beat: its sequence number, the instant before it was written and the source position after. */
    public record Beat(long seq, long writtenAtMillis, String sourcePosition) {}

    public Heartbeat(DataSource source, String pipeline, SourceFlavour flavour, int slots) {
        this.source = source;
        this.pipeline = pipeline;
        this.flavour = flavour;
        this.slots = slots;
    }

    /**
     * The beat of that pipeline an event of the heartbeat table carries, or null: another
     * pipeline's row, a delete, or a snapshot read (a Connect capture's initial snapshot), which is
     * no beat since rows snapshotted after it may still be on their way. The one rule by which both
     * transports' appliers tell a beat.
     *
     * @param envelope the event's value ({@code op}, {@code after})
     */
    public static Beat beatOf(Struct envelope, String pipeline) {
        Struct after = "r".equals(envelope.getString("op")) ? null : envelope.getStruct("after");
        if (after == null || !pipeline.equals(after.getString("pipeline"))) {
            return null;
        }
        return new Beat(after.getInt64("seq"), after.getInt64("written_at"), "");
    }

    /** Creates the table and this pipeline's rows where absent. */
    public void prepare() throws SQLException {
        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (pipeline VARCHAR(64) NOT NULL, " + SLOT
                    + " INT NOT NULL, seq BIGINT NOT NULL, written_at BIGINT NOT NULL, PRIMARY KEY (pipeline, "
                    + SLOT + "))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT IGNORE INTO " + TABLE
                    + " (pipeline, " + SLOT + ", seq, written_at) SELECT ?, ?, COALESCE(MAX(seq), 0), 0 FROM "
                    + TABLE + " WHERE pipeline = ?")) {
                for (int slot = 0; slot < slots; slot++) {
                    insert.setString(1, pipeline);
                    insert.setInt(2, slot);
                    insert.setString(3, pipeline);
                    insert.executeUpdate();
                }
            }
        }
    }

    /**
     * Writes the next beat to every slot in one transaction. {@code written_at} never goes back,
     * so that a later beat never claims an earlier instant than the one before it.
     */
    public Beat beat() throws SQLException {
        return beat(seq -> {});
    }

    /**
     * {@link #beat()}, telling {@code beforeCommit} the beat's sequence number before it commits:
     * a capture that reads the binlog close behind may otherwise carry the beat before the caller
     * has heard of it.
     */
    public Beat beat(LongConsumer beforeCommit) throws SQLException {
        long writtenAt = System.currentTimeMillis();
        try (Connection connection = source.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE
                            + " SET seq = seq + 1, written_at = GREATEST(written_at, ?) WHERE pipeline = ?");
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT MAX(seq), MAX(written_at) FROM " + TABLE + " WHERE pipeline = ?")) {
                update.setLong(1, writtenAt);
                update.setString(2, pipeline);
                update.executeUpdate();
                select.setString(1, pipeline);
                long seq;
                long at;
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    seq = rows.getLong(1);
                    at = rows.getLong(2);
                }
                beforeCommit.accept(seq);
                connection.commit();
                return new Beat(seq, at, flavour.headPosition(connection));
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
