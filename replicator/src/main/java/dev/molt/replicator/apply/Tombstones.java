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
    private final Writers writers;
    private volatile boolean seen;
    private volatile boolean checked;

    /**
     * @param writers who else writes the table, which decides how lookups lock (see {@link Writers})
     */
    Tombstones(String table, Writers writers) {
        this.table = table;
        this.writers = writers;
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
        if (writers == Writers.COPY && !anyLocked(connection)) {
            return result;
        }
        String sql = "SELECT row_key, version FROM " + TABLE + " WHERE table_name = ? AND row_key IN ("
                + keys.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")"
                + (writers == Writers.OTHERS ? " LOCK IN SHARE MODE" : "");
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

    /**
     * Whether the table has any tombstone, reading all of them with a shared lock: the locks cover
     * the gaps between them too, so a tombstone another writer inserts meanwhile waits for this
     * transaction, and one it committed before is seen.
     */
    private boolean anyLocked(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT COUNT(*) FROM " + TABLE + " WHERE table_name = ? LOCK IN SHARE MODE")) {
            count.setString(1, table);
            try (ResultSet rows = count.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        }
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
        if (seen || writers != Writers.ALONE) {
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
