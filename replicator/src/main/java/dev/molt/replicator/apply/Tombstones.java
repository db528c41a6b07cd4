package dev.molt.replicator.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The last deleted version of each deleted row of one target table, so that a late or redelivered
 * older update cannot bring a deleted row back, nor a copied row pass a delete. Volatile flags:
 * the writers of one process are ordered by {@link BatchApplier}'s lock, status never reads them.
 */
final class Tombstones {

    /** Deleted rows' last versions, per table and key. */
    static final String TABLE = "molt_tombstone";

    private final String table;
    private final boolean otherWriters;
    private volatile boolean seen;
    private volatile boolean checked;

    /**
     * @param otherWriters whether other processes write the table: then every lookup reads the
     *     tombstones, with a shared lock (see {@link BatchApplier})
     */
    Tombstones(String table, boolean otherWriters) {
        this.table = table;
        this.otherWriters = otherWriters;
    }

    static void createTable(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                + " (table_name VARCHAR(64) NOT NULL, row_key VARCHAR(255) NOT NULL, version BIGINT NOT NULL,"
                + " PRIMARY KEY (table_name, row_key))");
    }

    /** Forgets the tombstones of a table (a discarded partial snapshot). */
    static void discard(Connection connection, String table) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE table_name = ?")) {
            delete.setString(1, table);
            delete.executeUpdate();
        }
    }

    /** The buried version by key (as text) of those of the keys that have one. */
    Map<String, Long> lookup(Connection connection, Set<Object> keys) throws SQLException {
        Map<String, Long> result = new HashMap<>();
        if (keys.isEmpty() || !mayHoldAny(connection)) {
            return result;
        }
        String sql = "SELECT row_key, version FROM " + TABLE + " WHERE table_name = ? AND row_key IN ("
                + keys.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")"
                + (otherWriters ? " LOCK IN SHARE MODE" : "");
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, table);
            int i = 2;
            for (Object k : keys) {
                select.setString(i++, String.valueOf(k));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return result;
    }

    /** Buries the deleted rows at their versions, never lowering a buried version. */
    void bury(Connection connection, List<Change> deletes) throws SQLException {
        seen = true;
        String buried = deletes.stream().map(c -> "(?, ?, ?)").collect(Collectors.joining(", "));
        try (PreparedStatement bury = connection.prepareStatement("INSERT INTO " + TABLE
                + " (table_name, row_key, version) VALUES " + buried
                + " ON DUPLICATE KEY UPDATE version = GREATEST(version, VALUES(version))")) {
            int b = 1;
            for (Change change : deletes) {
                bury.setString(b++, table);
                bury.setString(b++, String.valueOf(change.key()));
                bury.setLong(b++, change.version());
            }
            bury.executeUpdate();
        }
    }

    /**
     * Whether the table may have tombstones: none before this applier's first delete unless one
     * was there at its start. Spares the snapshot a lookup per batch.
     */
    private boolean mayHoldAny(Connection connection) throws SQLException {
        if (seen || otherWriters) {
            return true;
        }
        if (!checked) {
            try (PreparedStatement any =
                    connection.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE table_name = ? LIMIT 1")) {
                any.setString(1, table);
                try (ResultSet rows = any.executeQuery()) {
                    seen = rows.next();
                }
            }
            checked = true;
        }
        return seen;
    }
}
