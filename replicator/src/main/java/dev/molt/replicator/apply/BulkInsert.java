package dev.molt.replicator.apply;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Plain inserts of rows the target is known not to hold (their keys locked and read first), sent
 * as one JDBC batch of one prepared statement, which MariaDB Connector/J sends to a MariaDB server
 * as one bulk command with the rows in binary: measured, it costs the server about two thirds of
 * the CPU of the multi-row, version-guarded upsert, which the server must parse as text.
 */
final class BulkInsert {

    /**
     * About the most bytes of rows sent in one bulk command: MariaDB Connector/J grows its buffer
     * for a command from 128 KiB to 1 MiB, and past that to 16 MiB, a fresh array for each command
     * over 1 MiB. Measured, a copy's chunks of up to 20,000 rows (about 1.2 MB) each in one command
     * spent a seventh of the writer's time growing that buffer, and the garbage collector paused
     * the copy half as long again (docs/BENCHMARKS.md, "One chunk written at a time").
     */
    static final int COMMAND_BYTES = 512 * 1024;

    private final String table;
    private volatile Boolean supported;

    BulkInsert(String table) {
        this.table = table;
    }

    /** Whether the target takes a batch of inserts in one bulk command: MariaDB Connector/J on MariaDB. */
    boolean supported(Connection connection) throws SQLException {
        Boolean known = supported;
        if (known == null) {
            known = connection.isWrapperFor(org.mariadb.jdbc.Connection.class)
                    && "MariaDB".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
            supported = known;
        }
        return known;
    }

    void insert(Connection connection, List<String> columns, List<Change> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql(columns))) {
            for (Change change : rows) {
                int i = 1;
                for (String column : columns) {
                    bind(insert, i++, change.row().get(column));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * The rows as arrays of values in the order of {@code columns} (the copy's, see {@link
     * CopiedRows}), in commands of about {@link #COMMAND_BYTES} at most.
     */
    void insertArrays(Connection connection, List<String> columns, List<Object[]> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql(columns))) {
            int bytes = 0;
            for (Object[] row : rows) {
                for (int c = 0; c < row.length; c++) {
                    bind(insert, c + 1, row[c]);
                    bytes += row[c] instanceof String text ? text.length() + 3 : 9;
                }
                insert.addBatch();
                if (bytes >= COMMAND_BYTES) {
                    insert.executeBatch();
                    bytes = 0;
                }
            }
            if (bytes > 0) {
                insert.executeBatch();
            }
        }
    }

    private String sql(List<String> columns) {
        String tuple = "(" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES " + tuple;
    }

    /** The common types with their own setter: {@code setObject} searches the driver's codecs per value. */
    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof BigDecimal number) {
            statement.setBigDecimal(index, number);
        } else {
            statement.setObject(index, value);
        }
    }
}
