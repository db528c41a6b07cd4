package dev.molt.replicator.capture;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The kind of source server, read from {@code SELECT VERSION()}. The Debezium MySQL connector
 * starts against MariaDB and then loses the first row of a transaction after a restart, because
 * it tracks file and position instead of MariaDB's GTIDs; so the connector follows the server.
 */
public enum SourceFlavour {
    MARIADB("io.debezium.connector.mariadb.MariaDbConnector", "SELECT @@gtid_binlog_pos"),
    MYSQL("io.debezium.connector.mysql.MySqlConnector", "SELECT @@global.gtid_executed");

    private final String connectorClass;
    private final String headPositionQuery;

    SourceFlavour(String connectorClass, String headPositionQuery) {
        this.connectorClass = connectorClass;
        this.headPositionQuery = headPositionQuery;
    }

    public static SourceFlavour of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT VERSION()")) {
            rows.next();
            return of(rows.getString(1));
        }
    }

    static SourceFlavour of(String version) {
        return version.toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    }

    public String connectorClass() {
        return connectorClass;
    }

    /** The server's position now, as text comparable with the applied position. */
    public String headPosition(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(headPositionQuery)) {
            rows.next();
            String position = rows.getString(1);
            return position == null ? "" : position.replace("\n", "");
        }
    }
}
