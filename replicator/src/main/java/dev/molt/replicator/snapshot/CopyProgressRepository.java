package dev.molt.replicator.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The copy's key ranges and how far each has come, in the target, written in the same transaction
 * as the rows of each chunk (as the stream's offsets are): a copy killed at any point resumes from
 * its last committed chunks and repeats at most the chunks that were in flight.
 */
final class CopyProgressRepository {

    static final String TABLE = "molt_snapshot_progress";

    private final String pipeline;

    CopyProgressRepository(String pipeline) {
        this.pipeline = pipeline;
    }

    static void createTable(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (pipeline VARCHAR(64) NOT NULL,"
                + " range_no INT NOT NULL, after_key VARCHAR(255) NULL, up_to_key VARCHAR(255) NOT NULL,"
                + " copied_to VARCHAR(255) NULL, done BOOLEAN NOT NULL DEFAULT FALSE,"
                + " rows_copied BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (pipeline, range_no))");
    }

    /** The pipeline's ranges in key order; empty where no copy has begun. */
    List<KeyRange> load(Connection connection) throws SQLException {
        List<KeyRange> ranges = new ArrayList<>();
        try (PreparedStatement select =
                connection.prepareStatement("SELECT range_no, after_key, up_to_key, copied_to, done, rows_copied FROM "
                        + TABLE + " WHERE pipeline = ? ORDER BY range_no")) {
            select.setString(1, pipeline);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ranges.add(new KeyRange(
                            rows.getInt(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getBoolean(5),
                            rows.getLong(6)));
                }
            }
        }
        return ranges;
    }

    /** Records the ranges of a copy that begins, all at once. */
    void begin(Connection connection, List<KeyRange> ranges) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + TABLE + " (pipeline, range_no, after_key, up_to_key) VALUES (?, ?, ?, ?)")) {
            for (KeyRange range : ranges) {
                insert.setString(1, pipeline);
                insert.setInt(2, range.number());
                insert.setString(3, range.after());
                insert.setString(4, range.upTo());
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Moves a range on to {@code copiedTo}, in the transaction of the chunk's rows. */
    void advance(Connection connection, int range, String copiedTo, boolean done, long rows) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE
                + " SET copied_to = COALESCE(?, copied_to), done = ?, rows_copied = rows_copied + ?"
                + " WHERE pipeline = ? AND range_no = ?")) {
            update.setString(1, copiedTo);
            update.setBoolean(2, done);
            update.setLong(3, rows);
            update.setString(4, pipeline);
            update.setInt(5, range);
            update.executeUpdate();
        }
    }

    /** Forgets the pipeline's ranges: the copy completed, or its rows were discarded. */
    void discard(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE pipeline = ?")) {
            delete.setString(1, pipeline);
            delete.executeUpdate();
        }
    }
}
