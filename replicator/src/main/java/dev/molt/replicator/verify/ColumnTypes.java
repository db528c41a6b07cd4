package dev.molt.replicator.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the checksums need to know of a table, read from {@code information_schema}. */
final class ColumnTypes {

    private ColumnTypes() {}

    /** The table's columns by name, in the connection's current database. */
    static Map<String, ChecksumSql.ColumnType> of(Connection connection, String table) throws SQLException {
        Map<String, ChecksumSql.ColumnType> types = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT COLUMN_NAME, DATA_TYPE, COALESCE(NUMERIC_SCALE, 0), COALESCE(DATETIME_PRECISION, 0),"
                        + " CHARACTER_SET_NAME, IS_NULLABLE = 'YES' FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    types.put(
                            result.getString(1),
                            new ChecksumSql.ColumnType(
                                    result.getString(2),
                                    result.getInt(3),
                                    result.getInt(4),
                                    result.getString(5),
                                    result.getBoolean(6)));
                }
            }
        }
        if (types.isEmpty()) {
            throw new SQLException("table " + table + " does not exist in the database of " + connection.getCatalog());
        }
        return types;
    }

    /** The storage engine's estimate of the table's rows (for an ETA only: InnoDB's is rough). */
    static long estimatedRows(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COALESCE(TABLE_ROWS, 0)"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        }
    }
}
