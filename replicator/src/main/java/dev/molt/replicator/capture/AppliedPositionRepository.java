package dev.molt.replicator.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The applied position of each pipeline in the target: one row holding Debezium's offset of the
 * last applied event, the source position it stands for and whether the snapshot completed. The
 * applier writes it in the transaction of its rows; {@link TargetOffsetStore} reads it back as
 * Debezium's offset, so that a restart resumes exactly where the target is. The one place that
 * knows the table's DDL and queries.
 */
public final class AppliedPositionRepository {

    /** The table holding one row per pipeline: its offset and the position it stands for. */
    public static final String TABLE = "molt_replication_offset";

    /** The stored state of a pipeline: whether it applied anything, whether its snapshot completed, its position. */
    public record Stored(boolean exists, boolean snapshotCompleted, String sourcePosition) {}

    /** Debezium's offset as stored: its key and value, as JSON. */
    public record Offset(String key, String value) {}

    private final String pipeline;

    public AppliedPositionRepository(String pipeline) {
        this.pipeline = pipeline;
    }

    /** Creates the table where absent. */
    public static void createTable(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                + " (pipeline VARCHAR(64) NOT NULL PRIMARY KEY, offset_key VARCHAR(1024) NOT NULL,"
                + " offset_value TEXT NOT NULL, source_position VARCHAR(1024) NOT NULL,"
                + " snapshot_completed BOOLEAN NOT NULL, applied_at DATETIME(6) NOT NULL)");
    }

    public Stored stored(DataSource target) throws SQLException {
        try (Connection connection = target.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT snapshot_completed, source_position FROM " + TABLE + " WHERE pipeline = ?")) {
            select.setString(1, pipeline);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? new Stored(true, rows.getBoolean(1), rows.getString(2))
                        : new Stored(false, false, "");
            }
        }
    }

    /** The stored offset, if the pipeline applied anything. */
    public Optional<Offset> offset(Connection connection) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT offset_key, offset_value FROM " + TABLE + " WHERE pipeline = ?")) {
            select.setString(1, pipeline);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new Offset(rows.getString(1), rows.getString(2))) : Optional.empty();
            }
        }
    }

    /** Stores the position, in the caller's transaction. */
    public void save(Connection connection, Offset offset, String sourcePosition, boolean snapshotCompleted)
            throws SQLException {
        try (PreparedStatement save = connection.prepareStatement("INSERT INTO " + TABLE
                + " (pipeline, offset_key, offset_value, source_position, snapshot_completed, applied_at)"
                + " VALUES (?, ?, ?, ?, ?, NOW(6)) ON DUPLICATE KEY UPDATE offset_key = VALUES(offset_key),"
                + " offset_value = VALUES(offset_value), source_position = VALUES(source_position),"
                + " snapshot_completed = VALUES(snapshot_completed), applied_at = VALUES(applied_at)")) {
            save.setString(1, pipeline);
            save.setString(2, offset.key());
            save.setString(3, offset.value());
            save.setString(4, sourcePosition);
            save.setBoolean(5, snapshotCompleted);
            save.executeUpdate();
        }
    }

    /** Marks the snapshot completed, in the row of the applied offset. */
    public void markSnapshotCompleted(Connection connection) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE " + TABLE + " SET snapshot_completed = TRUE WHERE pipeline = ?")) {
            update.setString(1, pipeline);
            update.executeUpdate();
        }
    }

    /** Forgets the position: the next start begins from the source's current position. */
    public void discard(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE pipeline = ?")) {
            delete.setString(1, pipeline);
            delete.executeUpdate();
        }
    }
}
