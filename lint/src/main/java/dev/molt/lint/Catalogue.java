package dev.molt.lint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database says one schema holds, read from {@code information_schema}: tables, their
 * columns (type, nullability, default) and indexes. Flyway's own history table is left out.
 */
record Catalogue(Map<String, Table> tables) {

    static final String FLYWAY_HISTORY = "flyway_schema_history";

    record Table(String name, Map<String, Column> columns, Map<String, Index> indexes) {}

    /**
     * One column. {@code defaultValue} is the default as MariaDB prints it ({@code 'KRW'},
     * {@code 0}, {@code current_timestamp()}), null when there is none; a nullable column's
     * implicit {@code DEFAULT NULL} counts as none.
     */
    record Column(String name, String type, boolean nullable, String defaultValue, boolean generatedByDatabase) {

        /** An insert that does not name this column still succeeds. */
        boolean mayBeLeftOut() {
            return nullable || defaultValue != null || generatedByDatabase;
        }
    }

    record Index(String name, boolean unique, List<String> columns) {}

    static Catalogue read(Connection connection) throws SQLException {
        Map<String, Table> tables = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    if (!FLYWAY_HISTORY.equalsIgnoreCase(name)) {
                        tables.put(name, new Table(name, new LinkedHashMap<>(), new LinkedHashMap<>()));
                    }
                }
            }
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, IS_GENERATED"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                        + " ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Table table = tables.get(rows.getString(1));
                    if (table != null) {
                        boolean nullable = "YES".equals(rows.getString(4));
                        String defaultValue = rows.getString(5);
                        if (nullable && "NULL".equals(defaultValue)) {
                            defaultValue = null;
                        }
                        String extra = rows.getString(6).toLowerCase();
                        boolean generated = extra.contains("auto_increment") || "ALWAYS".equals(rows.getString(7));
                        String name = rows.getString(2);
                        table.columns()
                                .put(name, new Column(name, rows.getString(3), nullable, defaultValue, generated));
                    }
                }
            }
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS"
                        + " WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")) {
            try (ResultSet rows = query.executeQuery()) {
                Map<String, List<String>> columns = new LinkedHashMap<>();
                Map<String, Boolean> unique = new LinkedHashMap<>();
                while (rows.next()) {
                    Table table = tables.get(rows.getString(1));
                    if (table != null) {
                        String key = table.name() + "\u0000" + rows.getString(2);
                        columns.computeIfAbsent(key, k -> new ArrayList<>()).add(rows.getString(4));
                        unique.put(key, rows.getInt(3) == 0);
                    }
                }
                columns.forEach((key, indexColumns) -> {
                    String[] parts = key.split("\u0000", 2);
                    tables.get(parts[0])
                            .indexes()
                            .put(parts[1], new Index(parts[1], unique.get(key), List.copyOf(indexColumns)));
                });
            }
        }
        return new Catalogue(tables);
    }
}
