package dev.molt.replicator.apply;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A value with more decimal places than its target column would be rounded by the database
 * without an error (a DECIMAL price into an INT column): the row is refused instead. Reads the
 * target's column scales once; a volatile cache, so any writer thread may use it.
 */
final class RoundingGuard {

    private final String table;
    private volatile Map<String, Integer> scales;

    RoundingGuard(String table) {
        this.table = table;
    }

    /**
     * @param keyColumn the key column, to name a refused row
     * @param versionColumn the version column, to name a refused row
     * @throws RowRejectedException where a value would be rounded; names the change and column
     */
    void check(Connection connection, Change change, String keyColumn, String versionColumn) throws SQLException {
        Map<String, Integer> known = scales(connection);
        for (Map.Entry<String, Object> column : change.row().entrySet()) {
            String refusal = refusal(column.getKey(), column.getValue(), known);
            if (refusal != null) {
                throw new RowRejectedException(
                        change.describe(keyColumn, versionColumn) + " was refused by " + table + ": " + refusal, null);
            }
        }
    }

    /** Why the value would be rounded in a column of that many decimal places (by lower-case name), or null. */
    static String refusal(String column, Object value, Map<String, Integer> scales) {
        if (!(value instanceof BigDecimal || value instanceof Double || value instanceof Float)) {
            return null;
        }
        Integer scale = scales.get(column);
        if (scale == null) {
            scale = scales.get(column.toLowerCase(Locale.ROOT));
        }
        if (scale == null) {
            return null;
        }
        // Every row passes here: the common case (no more places than the column) allocates nothing.
        BigDecimal exact = value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
        if (exact.scale() <= scale || exact.stripTrailingZeros().scale() <= scale) {
            return null;
        }
        return "column " + column + " holds " + scale + " decimal places, the value " + exact.toPlainString()
                + " would be rounded";
    }

    /** The decimal places of the target's exact numeric columns, by lower-case name; read once. */
    private Map<String, Integer> scales(Connection connection) throws SQLException {
        Map<String, Integer> known = scales;
        if (known != null) {
            return known;
        }
        Map<String, Integer> read = new HashMap<>();
        try (ResultSet columns = connection.getMetaData().getColumns(connection.getCatalog(), null, table, null)) {
            while (columns.next()) {
                switch (columns.getInt("DATA_TYPE")) {
                    case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC ->
                        read.put(
                                columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                                columns.getInt("DECIMAL_DIGITS"));
                    default -> {}
                }
            }
        }
        scales = read;
        return read;
    }
}
