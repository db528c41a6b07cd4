package dev.molt.replicator.transport;

import dev.molt.replicator.apply.TargetUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The target table's columns as a compact change event needs them read: an event without its
 * schema says a number, and only the column tells whether it is a count, epoch milliseconds or
 * microseconds, or days. Read once from {@code information_schema} when an applier starts.
 *
 * <p>Temporal numbers are read in the unit Debezium ({@code time.precision.mode}
 * {@code adaptive_time_microseconds}, its default) uses for a column of the same type and
 * precision: a mapping whose source column has another precision class than its target column
 * (e.g. {@code DATETIME(3)} into {@code DATETIME(6)}) needs the {@code schemas} format, which
 * {@link #misreadColumns} finds.
 */
record TargetColumns(String table, Map<String, Column> columns) {

    /** How a column's values are read. */
    enum Kind {
        /** TINYINT to INT (signed), YEAR: a whole number as Debezium's INT16/INT32. */
        INT,
        /** BIGINT, INT UNSIGNED and the rest of the whole numbers. */
        BIGINT,
        DECIMAL,
        FLOATING,
        /** BINARY, VARBINARY, BLOB, BIT: base64 text in JSON. */
        BINARY,
        /** DATETIME or TIMESTAMP with up to 3 fractional digits: epoch milliseconds. */
        TIMESTAMP_MILLIS,
        /** DATETIME or TIMESTAMP with 4 to 6 fractional digits: epoch microseconds. */
        TIMESTAMP_MICROS,
        /** Days since the epoch. */
        DATE,
        /** Microseconds of the day. */
        TIME,
        /** Text, and whatever arrives as it is. */
        OTHER
    }

    /** A column: its kind, its scale where it is a decimal, and its SQL type ({@code datetime}). */
    record Column(Kind kind, int scale, String type) {

        Column(Kind kind, int scale) {
            this(kind, scale, "");
        }
    }

    /** No column known: values are taken as JSON has them (the heartbeat table's events). */
    static final TargetColumns NONE = new TargetColumns("", Map.of());

    Column column(String name) {
        return columns.get(name);
    }

    /** The columns of a table in the database's current schema (the target's, or the source's to compare). */
    static TargetColumns read(DataSource database, String table) throws TargetUnavailableException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, COALESCE(NUMERIC_SCALE, 0),"
                                + " COALESCE(DATETIME_PRECISION, 0) FROM information_schema.COLUMNS"
                                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
            select.setString(1, table);
            Map<String, Column> columns = new HashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    columns.put(
                            rows.getString(1),
                            new Column(
                                    kindOf(rows.getString(2), rows.getString(3), rows.getInt(5)),
                                    rows.getInt(4),
                                    rows.getString(2).toLowerCase(Locale.ROOT)));
                }
            }
            if (columns.isEmpty()) {
                throw new TargetUnavailableException(
                        "table " + table + " not found in " + connection.getCatalog(), null);
            }
            return new TargetColumns(table, Map.copyOf(columns));
        } catch (SQLException e) {
            throw new TargetUnavailableException("columns of " + table + " unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * The mapped columns whose numbers in a compact event this target would read in another unit
     * than Debezium writes them for the source column, described; empty where none.
     *
     * @param source the source table's columns
     * @param mapped source column to target column
     */
    List<String> misreadColumns(TargetColumns source, Map<String, String> mapped) {
        List<String> misread = new ArrayList<>();
        mapped.forEach((from, to) -> {
            Column written = source.column(from);
            Column read = column(to);
            if (written == null || read == null || written.type().equals("timestamp")) {
                return; // a TIMESTAMP travels as ISO text, which no column misreads
            }
            if ((temporal(written.kind()) || temporal(read.kind())) && written.kind() != read.kind()) {
                misread.add(source.table() + "." + from + " (" + written.kind() + ") into " + table + "." + to + " ("
                        + read.kind() + ")");
            }
        });
        return misread;
    }

    private static boolean temporal(Kind kind) {
        return kind == Kind.TIMESTAMP_MILLIS || kind == Kind.TIMESTAMP_MICROS || kind == Kind.DATE || kind == Kind.TIME;
    }

    static Kind kindOf(String dataType, String columnType, int fractionalDigits) {
        boolean unsigned = columnType.toLowerCase(Locale.ROOT).contains("unsigned");
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "tinyint", "smallint", "mediumint", "year" -> Kind.INT;
            case "int", "integer" -> unsigned ? Kind.BIGINT : Kind.INT;
            case "bigint" -> Kind.BIGINT;
            case "decimal", "numeric" -> Kind.DECIMAL;
            case "float", "double", "real" -> Kind.FLOATING;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit" -> Kind.BINARY;
            case "datetime", "timestamp" -> fractionalDigits <= 3 ? Kind.TIMESTAMP_MILLIS : Kind.TIMESTAMP_MICROS;
            case "date" -> Kind.DATE;
            case "time" -> Kind.TIME;
            default -> Kind.OTHER;
        };
    }
}
