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
 * The wanted state of each pipeline in its target database, beside the applied position
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

    WantedStateRepository(String pipeline, ReplicatorProperties.Endpoint target, ReplicatorProperties.Tuning tuning) {
        this.pipeline = pipeline;
        this.target = target;
        this.tuning = tuning;
    }

    /** Creates the table where absent. */
    static void createTable(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                + " (pipeline VARCHAR(64) NOT NULL PRIMARY KEY, wanted VARCHAR(16) NOT NULL,"
                + " changed_at DATETIME(6) NOT NULL)");
    }

    /** The stored wanted state; empty where none was ever stored. */
    Optional<WantedState> read() throws SQLException {
        try (Connection connection = connect()) {
            try (Statement statement = connection.createStatement()) {
                createTable(statement);
            }
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT wanted FROM " + TABLE + " WHERE pipeline = ?")) {
                select.setString(1, pipeline);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(WantedState.valueOf(rows.getString(1))) : Optional.empty();
                }
            }
        }
    }

    /** Stores the wanted state, committed when this returns. */
    void save(WantedState wanted) throws SQLException {
        try (Connection connection = connect()) {
            try (Statement statement = connection.createStatement()) {
                createTable(statement);
            }
            try (PreparedStatement save = connection.prepareStatement("INSERT INTO " + TABLE
                    + " (pipeline, wanted, changed_at) VALUES (?, ?, NOW(6))"
                    + " ON DUPLICATE KEY UPDATE wanted = VALUES(wanted), changed_at = VALUES(changed_at)")) {
                save.setString(1, pipeline);
                save.setString(2, wanted.name());
                save.executeUpdate();
            }
        }
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
