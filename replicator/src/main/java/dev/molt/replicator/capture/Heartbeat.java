package dev.molt.replicator.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The heartbeat row of one pipeline in the source database (the changelog-table technique of
 * gh-ost and pt-heartbeat). Each beat is a source transaction written at a known instant: once the
 * applier has applied it, every transaction committed on the source before that instant is
 * applied too, since the binlog is in commit order. This gives {@code caughtUpAt} and exact drains
 * without comparing positions that other tables' traffic moves.
 */
public final class Heartbeat {

    /** The heartbeat table's name; the applier recognises its events by it. */
    public static final String TABLE = "molt_heartbeat";

    private final DataSource source;
    private final String pipeline;
    private final SourceFlavour flavour;
    private long seq;

    /** A beat: its sequence number, the instant before it was written and the source position after. */
    public record Beat(long seq, long writtenAtMillis, String sourcePosition) {}

    public Heartbeat(DataSource source, String pipeline, SourceFlavour flavour) {
        this.source = source;
        this.pipeline = pipeline;
        this.flavour = flavour;
    }

    /** Creates the table and this pipeline's row where absent, and continues its sequence. */
    public synchronized void prepare() throws SQLException {
        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (pipeline VARCHAR(64) NOT NULL PRIMARY KEY, seq BIGINT NOT NULL, written_at BIGINT NOT NULL)");
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT IGNORE INTO " + TABLE + " VALUES (?, 0, 0)")) {
                insert.setString(1, pipeline);
                insert.executeUpdate();
            }
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT seq FROM " + TABLE + " WHERE pipeline = ?")) {
                select.setString(1, pipeline);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    seq = Math.max(seq, rows.getLong(1));
                }
            }
        }
    }

    /** Writes the next beat. Serialised, so that beats reach the binlog in the order of their numbers. */
    public synchronized Beat beat() throws SQLException {
        long next = seq + 1;
        long writtenAt = System.currentTimeMillis();
        try (Connection connection = source.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + TABLE + " SET seq = ?, written_at = ? WHERE pipeline = ?")) {
            update.setLong(1, next);
            update.setLong(2, writtenAt);
            update.setString(3, pipeline);
            update.executeUpdate();
            seq = next;
            return new Beat(next, writtenAt, flavour.headPosition(connection));
        }
    }
}
