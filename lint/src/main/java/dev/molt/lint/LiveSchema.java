package dev.molt.lint;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A live database as lint needs it for {@code --against}: the versions Flyway's history says are
 * applied, and its tables as {@code SHOW CREATE TABLE} prints them, to recreate in the scratch
 * schema. Reading it writes nothing: the session is read-only.
 */
public record LiveSchema(Set<List<BigInteger>> appliedVersions, List<String> createTables) {

    public static LiveSchema empty() {
        return new LiveSchema(Set.of(), List.of());
    }

    /** Reads the live database at a JDBC URL; one that cannot be read is a usage error. */
    public static LiveSchema read(String jdbcUrl, String user, String password) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            return read(connection);
        } catch (SQLException e) {
            throw new LintUsageException("cannot read the live database " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    static LiveSchema read(Connection live) throws SQLException {
        live.setReadOnly(true);
        try (Statement statement = live.createStatement()) {
            statement.execute("SET SESSION TRANSACTION READ ONLY");
            Set<List<BigInteger>> applied = new HashSet<>();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            boolean hasHistory = tables.removeIf(Catalogue.FLYWAY_HISTORY::equalsIgnoreCase);
            if (hasHistory) {
                try (ResultSet rows = statement.executeQuery("SELECT version FROM " + Catalogue.FLYWAY_HISTORY
                        + " WHERE success = 1 AND version IS NOT NULL")) {
                    while (rows.next()) {
                        applied.add(MigrationFile.parts(rows.getString(1)));
                    }
                }
            }
            List<String> creates = new ArrayList<>();
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SHOW CREATE TABLE `" + table.replace("`", "``") + "`")) {
                    rows.next();
                    creates.add(rows.getString(2));
                }
            }
            return new LiveSchema(Set.copyOf(applied), List.copyOf(creates));
        }
    }

    boolean applied(MigrationFile migration) {
        return appliedVersions.contains(migration.versionParts());
    }

    void recreateIn(Connection scratch) throws SQLException {
        if (createTables.isEmpty()) {
            return;
        }
        try (Statement statement = scratch.createStatement()) {
            statement.execute("SET FOREIGN_KEY_CHECKS = 0");
            for (String create : createTables) {
                statement.execute(create);
            }
            statement.execute("SET FOREIGN_KEY_CHECKS = 1");
        }
    }
}
