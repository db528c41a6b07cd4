package dev.molt.replicator.pipeline;

import dev.molt.replicator.config.ReplicatorProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * The wanted state and {@link ApplyMode} of each pipeline in its target database, beside the applied position
 * ({@code molt_replication_offset}): durable across any restart, even SIGKILL, and read again
 * whichever process runs the pipeline. The one place that knows the table's DDL and queries. It
 * opens a connection per call: the pipeline's pools exist only while it runs, and a stopped
 * pipeline must still store and read what it is meant to do.
 */
final class WantedStateRepository {

    /** The table holding one row per pipeline: its wanted state and when it was asked for. */
    static final String TABLE = "molt_replication_wanted";

    private final String pipeline;
    private final ReplicatorProperties.Endpoint target;
    private final ReplicatorProperties.Tuning tuning;
    private volatile boolean prepared;

    WantedStateRepository(String pipeline, ReplicatorProperties.Endpoint target, ReplicatorProperties.Tuning tuning) {
        this.pipeline = pipeline;
        this.target = target;
        this.tuning = tuning;
    }

    /** What is stored of a pipeline: its wanted state and apply mode. */
    record Stored(WantedState wanted, ApplyMode mode) {}

    /** Creates the table where absent; adds the apply mode to a table stored before it existed. */
    static void createTable(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                + " (pipeline VARCHAR(64) NOT NULL PRIMARY KEY, wanted VARCHAR(16) NOT NULL,"
                + " apply_mode VARCHAR(16) NOT NULL DEFAULT 'APPLY', changed_at DATETIME(6) NOT NULL)");
        try (ResultSet column = statement.executeQuery("SELECT 1 FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = '" + TABLE + "' AND column_name = 'apply_mode'")) {
            if (column.next()) {
                return;
            }
        }
        statement.execute("ALTER TABLE " + TABLE + " ADD COLUMN apply_mode VARCHAR(16) NOT NULL DEFAULT 'APPLY'");
    }

    /** What is stored; empty where nothing was ever stored. */
    Optional<Stored> read() throws SQLException {
        try (Connection connection = connect()) {
            prepare(connection);
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT wanted, apply_mode FROM " + TABLE + " WHERE pipeline = ?")) {
                select.setString(1, pipeline);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new Stored(
                                    WantedState.valueOf(rows.getString(1)), ApplyMode.valueOf(rows.getString(2))))
                            : Optional.empty();
                }
            }
        }
    }

    /** Stores the wanted state, keeping the stored apply mode; committed when this returns. */
    void save(WantedState wanted) throws SQLException {
        upsert(wanted, ApplyMode.APPLY, "wanted = VALUES(wanted)");
    }

    /**
     * Stores the apply mode, keeping the stored wanted state (STOPPED where none is stored);
     * committed when this returns.
     */
    void save(ApplyMode mode) throws SQLException {
        upsert(WantedState.STOPPED, mode, "apply_mode = VALUES(apply_mode)");
    }

    /** Inserts the row with {@code wanted} and {@code mode}, or runs {@code update} on the stored one. */
    private void upsert(WantedState wanted, ApplyMode mode, String update) throws SQLException {
        try (Connection connection = connect()) {
            prepare(connection);
            try (PreparedStatement save = connection.prepareStatement("INSERT INTO " + TABLE
                    + " (pipeline, wanted, apply_mode, changed_at) VALUES (?, ?, ?, NOW(6))"
                    + " ON DUPLICATE KEY UPDATE " + update + ", changed_at = VALUES(changed_at)")) {
                save.setString(1, pipeline);
                save.setString(2, wanted.name());
                save.setString(3, mode.name());
                save.executeUpdate();
            }
        }
    }

    /**
     * Creates the table where absent, once per repository: a mode change runs inside the command
     * switch's hold, where a second and third statement on every call would lengthen it.
     */
    private void prepare(Connection connection) throws SQLException {
        if (prepared) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            createTable(statement);
        }
        prepared = true;
    }

    private Connection connect() throws SQLException {
        Properties settings = new Properties();
        settings.setProperty("user", target.user());
        settings.setProperty("password", target.password());
        settings.setProperty(
                "connectTimeout", Long.toString(tuning.connectTimeout().toMillis()));
        return DriverManager.getConnection(target.url(), settings);
    }
}
