package dev.molt.gateway.cutover;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One connection to the state database that the replicas share, opened on first use and reopened
 * after a failure: a statement that fails closes it, so that the next call starts on a fresh one.
 * Its callers hold their own monitor around each call.
 */
final class StateConnection implements AutoCloseable {

    /** Work on the open connection. */
    interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private final StateStoreProperties properties;
    private Connection connection;

    StateConnection(StateStoreProperties properties) {
        this.properties = properties;
    }

    /**
     * Runs {@code work} on the connection, opening it where needed, with {@code prepare} first on
     * every connection it opens (a table to create).
     *
     * @throws SharedStage.StateStoreUnavailableException where the database cannot be reached or refuses
     */
    <T> T run(Work<Void> prepare, Work<T> work) {
        try {
            if (connection == null || connection.isClosed()) {
                Properties info = new Properties();
                if (properties.username() != null && !properties.username().isBlank()) {
                    info.setProperty("user", properties.username());
                    info.setProperty("password", properties.password() == null ? "" : properties.password());
                }
                info.setProperty("connectTimeout", "2000");
                info.setProperty("socketTimeout", "5000");
                Connection opened = DriverManager.getConnection(properties.url(), info);
                opened.setAutoCommit(true);
                connection = opened;
                prepare.on(opened);
            }
            return work.on(connection);
        } catch (SQLException e) {
            close();
            throw new SharedStage.StateStoreUnavailableException(
                    "the state database " + properties.url() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing left to do
            }
            connection = null;
        }
    }
}
