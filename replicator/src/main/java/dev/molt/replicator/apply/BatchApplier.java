package dev.molt.replicator.apply;

import dev.molt.replicator.capture.OffsetCodec;
import dev.molt.replicator.capture.TargetOffsetStore;
import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Applies a batch of mapped change events to one target table in one transaction, with the offset
 * of the batch's last event. Within a batch only the newest event per row counts; an upsert only
 * overwrites an older version and never passes a tombstone of the same or a newer version; a
 * delete removes the row only up to its version and leaves a tombstone, so that a late or
 * redelivered older update cannot bring a deleted row back.
 */
public final class BatchApplier {

    /** Rows per multi-row statement: bounds the statement's size well below max_allowed_packet. */
    static final int ROWS_PER_STATEMENT = 1000;

    /** Deleted rows' last versions, per table and key. */
    public static final String TOMBSTONES = "molt_tombstone";

    private final DataSource target;
    private final String pipeline;
    private final String table;
    private final String key;
    private final String version;
    private final OffsetCodec offsets;
    private volatile Map<String, Integer> scales;
    private volatile boolean tombstonesSeen;
    private volatile boolean tombstonesChecked;
    private final boolean otherWriters;
    private final TargetScope scope;
    private volatile Boolean bulkInserts;

    /** What one batch did. */
    public record Applied(int upserts, int deletes, int skipped) {}

    private record Change(Object key, long version, boolean delete, Map<String, Object> row) {}

    /**
     * @param otherWriters whether other processes apply to the same table at the same time (the
     *     appliers of a Kafka consumer group, and the copy in the capture process): then tombstones
     *     are always looked up, and with a shared lock, so that a delete another process commits
     *     meanwhile either is seen or waits for this transaction (the {@code synchronized} writer
     *     only orders the writers of one process)
     * @param scope the target rows this pipeline owns (the mapping's target filter, column to
     *     value; empty for all): a row of the same key outside it is never written, and stops the
     *     pipeline (see {@link TargetScope})
     */
    public BatchApplier(
            DataSource target,
            String pipeline,
            String table,
            String key,
            String version,
            OffsetCodec offsets,
            boolean otherWriters,
            Map<String, String> scope) {
        this.target = target;
        this.pipeline = pipeline;
        this.table = table;
        this.key = key;
        this.version = version;
        this.offsets = offsets;
        this.otherWriters = otherWriters;
        this.scope = TargetScope.of(scope);
    }

    /** Creates the offset and tombstone tables in the target where absent. */
    public static void prepare(DataSource target) throws SQLException {
        try (Connection connection = target.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TargetOffsetStore.TABLE
                    + " (pipeline VARCHAR(64) NOT NULL PRIMARY KEY, offset_key VARCHAR(1024) NOT NULL,"
                    + " offset_value TEXT NOT NULL, source_position VARCHAR(1024) NOT NULL,"
                    + " snapshot_completed BOOLEAN NOT NULL, applied_at DATETIME(6) NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS " + TOMBSTONES
                    + " (table_name VARCHAR(64) NOT NULL, row_key VARCHAR(255) NOT NULL, version BIGINT NOT NULL,"
                    + " PRIMARY KEY (table_name, row_key))");
        }
    }

    /** The stored state of a pipeline: whether it applied anything, whether its snapshot completed, its position. */
    public record Stored(boolean exists, boolean snapshotCompleted, String sourcePosition) {}

    public static Stored stored(DataSource target, String pipeline) throws SQLException {
        try (Connection connection = target.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT snapshot_completed, source_position FROM "
                                + TargetOffsetStore.TABLE + " WHERE pipeline = ?")) {
            select.setString(1, pipeline);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? new Stored(true, rows.getBoolean(1), rows.getString(2))
                        : new Stored(false, false, "");
            }
        }
    }

    /**
     * Removes what an interrupted snapshot left in the target. Debezium starts an interrupted
     * snapshot over, at a later source position; a row deleted from the source in between would
     * otherwise stay in the target forever, since its delete lies before the new position.
     *
     * @param scope the target rows replication owns (column to value); all rows where empty
     */
    public static void discardPartialSnapshot(
            DataSource target, String pipeline, String table, Map<String, String> scope) throws SQLException {
        String where = scope.isEmpty()
                ? "1 = 1"
                : scope.keySet().stream().map(c -> c + " = ?").collect(Collectors.joining(" AND "));
        try (Connection connection = target.getConnection()) {
            int deleted;
            do {
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM " + table + " WHERE " + where + " LIMIT 10000")) {
                    int i = 1;
                    for (String value : scope.values()) {
                        delete.setString(i++, value);
                    }
                    deleted = delete.executeUpdate();
                }
            } while (deleted > 0);
            try (PreparedStatement tombstones =
                            connection.prepareStatement("DELETE FROM " + TOMBSTONES + " WHERE table_name = ?");
                    PreparedStatement offset = connection.prepareStatement(
                            "DELETE FROM " + TargetOffsetStore.TABLE + " WHERE pipeline = ?")) {
                tombstones.setString(1, table);
                tombstones.executeUpdate();
                offset.setString(1, pipeline);
                offset.executeUpdate();
            }
        }
    }

    /**
     * Applies the data events of a batch and records {@code last}'s offset, atomically.
     *
     * @param events mapped change events of the target table, in source order
     * @param last the batch's last event of any kind; its offset is the new applied offset
     * @throws TargetUnavailableException where the target is unreachable or asks for a retry
     * @throws RowRejectedException where the target refuses a row; names it
     */
    public Applied apply(List<SourceRecord> events, SourceRecord last, String sourcePosition, boolean snapshotCompleted)
            throws TargetUnavailableException {
        List<Struct> envelopes = new ArrayList<>(events.size());
        events.forEach(event -> envelopes.add((Struct) event.value()));
        return apply(envelopes, connection -> saveOffset(connection, last, sourcePosition, snapshotCompleted));
    }

    /**
     * Applies mapped change event envelopes ({@code op}, {@code before}, {@code after}) and runs
     * {@code also} in the same transaction: how an applier stores where it is in its input
     * atomically with the rows.
     *
     * @throws TargetUnavailableException where the target is unreachable or asks for a retry
     * @throws RowRejectedException where the target refuses a row; names it
     */
    public Applied apply(List<Struct> envelopes, InTransaction also) throws TargetUnavailableException {
        return transact(compact(envelopes), also);
    }

    /**
     * Applies rows copied from the source (target rows, already mapped) in one transaction, under
     * the same version guard as change events, so that a copy running alongside the stream can
     * neither overwrite a newer streamed version nor bring back a row the stream deleted.
     */
    public Applied copy(List<Map<String, Object>> rows) throws TargetUnavailableException {
        Map<Object, Change> changes = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            changes.put(row.get(key), new Change(row.get(key), ((Number) row.get(version)).longValue(), false, row));
        }
        return transact(changes, this::writeCopy, connection -> {});
    }

    /** Marks the pipeline's snapshot completed, in the row of its applied offset. */
    public void markSnapshotCompleted() throws TargetUnavailableException {
        try (Connection connection = target.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + TargetOffsetStore.TABLE + " SET snapshot_completed = TRUE WHERE pipeline = ?")) {
            update.setString(1, pipeline);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new TargetUnavailableException("target unreachable: " + e.getMessage(), e);
        }
    }

    /** Work done in the transaction of a batch, after its rows. */
    public interface InTransaction {
        void run(Connection connection) throws SQLException;
    }

    private interface Writer {
        Applied write(Connection connection, Map<Object, Change> changes) throws SQLException;
    }

    private Applied transact(Map<Object, Change> changes, InTransaction also) throws TargetUnavailableException {
        return transact(changes, this::write, also);
    }

    /**
     * One writer at a time: the copy and the stream apply concurrently, and a tombstone lookup
     * must see every earlier delete committed, or a copied row could pass a tombstone being
     * written and come back.
     */
    private synchronized Applied transact(Map<Object, Change> changes, Writer writer, InTransaction also)
            throws TargetUnavailableException {
        try (Connection connection = target.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Applied applied = writer.write(connection, changes);
                also.run(connection);
                connection.commit();
                return applied;
            } catch (SQLException e) {
                rollbackQuietly(connection);
                if (isTransient(e)) {
                    throw e;
                }
                throw rejected(connection, changes, e);
            } catch (RowRejectedException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new TargetUnavailableException("target unreachable: " + e.getMessage(), e);
        }
    }

    private Map<Object, Change> compact(List<Struct> events) {
        Map<Object, Change> changes = new LinkedHashMap<>();
        for (Struct value : events) {
            boolean delete = "d".equals(value.getString("op"));
            Struct row = delete ? value.getStruct("before") : value.getStruct("after");
            Change change = new Change(
                    row.get(key), ((Number) row.get(version)).longValue(), delete, ConnectValues.jdbcRow(row));
            changes.merge(change.key(), change, (old, now) -> {
                if (now.version() > old.version() || (now.version() == old.version() && now.delete())) {
                    return now;
                }
                return old;
            });
        }
        return changes;
    }

    private Applied write(Connection connection, Map<Object, Change> changes) throws SQLException {
        Map<String, Long> tombstones = tombstones(connection, changes.keySet());
        List<Change> upserts = new ArrayList<>();
        List<Change> deletes = new ArrayList<>();
        int skipped = 0;
        for (Change change : changes.values()) {
            Long buried = tombstones.get(String.valueOf(change.key()));
            if (change.delete()) {
                deletes.add(change);
            } else if (buried != null && buried >= change.version()) {
                skipped++;
            } else {
                refuseRounding(connection, change);
                upserts.add(change);
            }
        }
        for (Map.Entry<List<String>, List<Change>> group : byColumns(upserts).entrySet()) {
            for (List<Change> rows : chunks(group.getValue())) {
                upsert(connection, group.getKey(), rows);
            }
        }
        for (List<Change> rows : chunks(deletes)) {
            delete(connection, rows);
        }
        return new Applied(upserts.size(), deletes.size(), skipped);
    }

    /**
     * Writes copied rows: those the target does not hold go in as plain inserts through the
     * driver's bulk protocol (one prepared statement, rows sent in binary), the others through the
     * version-guarded upsert. MariaDB Connector/J sends an {@code ON DUPLICATE KEY UPDATE} batch
     * row by row (before MariaDB 11.5), and a multi-row one as text the server must parse: measured,
     * the bulk insert cost the server about two thirds of the CPU of the multi-row upsert. The range
     * of keys is read with {@code FOR UPDATE}, which locks its gaps until the commit, so no row can
     * appear in it between the read and the insert. Elsewhere (another driver, a MySQL server,
     * keys that are not whole numbers) every row takes the upsert.
     */
    private Applied writeCopy(Connection connection, Map<Object, Change> changes) throws SQLException {
        if (!bulkInserts(connection)
                || !changes.keySet().stream().allMatch(k -> k instanceof Long || k instanceof Integer)) {
            return write(connection, changes);
        }
        Map<String, Long> tombstones = tombstones(connection, changes.keySet());
        List<Change> upserts = new ArrayList<>();
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        int skipped = 0;
        for (Change change : changes.values()) {
            Long buried = tombstones.isEmpty() ? null : tombstones.get(String.valueOf(change.key()));
            if (buried != null && buried >= change.version()) {
                skipped++;
            } else {
                refuseRounding(connection, change);
                upserts.add(change);
                long k = ((Number) change.key()).longValue();
                low = Math.min(low, k);
                high = Math.max(high, k);
            }
        }
        if (upserts.isEmpty()) {
            return new Applied(0, 0, skipped);
        }
        Set<Long> present = new HashSet<>();
        try (PreparedStatement held = connection.prepareStatement(
                "SELECT " + key + " FROM " + table + " WHERE " + key + " BETWEEN ? AND ? FOR UPDATE")) {
            held.setLong(1, low);
            held.setLong(2, high);
            try (ResultSet rows = held.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getLong(1));
                }
            }
        }
        List<Change> inserts = new ArrayList<>();
        List<Change> guarded = new ArrayList<>();
        for (Change change : upserts) {
            (present.contains(((Number) change.key()).longValue()) ? guarded : inserts).add(change);
        }
        for (Map.Entry<List<String>, List<Change>> group : byColumns(inserts).entrySet()) {
            insert(connection, group.getKey(), group.getValue());
        }
        for (Map.Entry<List<String>, List<Change>> group : byColumns(guarded).entrySet()) {
            for (List<Change> rows : chunks(group.getValue())) {
                upsert(connection, group.getKey(), rows);
            }
        }
        return new Applied(upserts.size(), 0, skipped);
    }

    /** Rows grouped by their columns, in first-seen order; rows mostly share theirs, compared without a copy per row. */
    private static Map<List<String>, List<Change>> byColumns(List<Change> changes) {
        Map<List<String>, List<Change>> groups = new LinkedHashMap<>();
        Set<String> previous = null;
        List<Change> group = null;
        for (Change change : changes) {
            Set<String> columns = change.row().keySet();
            if (previous == null || !(columns.size() == previous.size() && sameOrder(columns, previous))) {
                previous = columns;
                group = groups.computeIfAbsent(List.copyOf(columns), c -> new ArrayList<>());
            }
            group.add(change);
        }
        return groups;
    }

    private static boolean sameOrder(Set<String> some, Set<String> other) {
        Iterator<String> others = other.iterator();
        for (String column : some) {
            if (!column.equals(others.next())) {
                return false;
            }
        }
        return true;
    }

    private void insert(Connection connection, List<String> columns, List<Change> rows) throws SQLException {
        String tuple = "(" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES " + tuple)) {
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

    /** Whether the target takes a batch of inserts in one bulk command: MariaDB Connector/J on MariaDB. */
    private boolean bulkInserts(Connection connection) throws SQLException {
        Boolean known = bulkInserts;
        if (known == null) {
            known = connection.isWrapperFor(org.mariadb.jdbc.Connection.class)
                    && "MariaDB".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
            bulkInserts = known;
        }
        return known;
    }

    /**
     * One multi-row statement per chunk: the driver sends a JDBC batch of {@code ON DUPLICATE KEY
     * UPDATE} statements one by one, one round trip per row.
     */
    private void upsert(Connection connection, List<String> columns, List<Change> rows) throws SQLException {
        String tuple = "(" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        List<String> updated = columns.stream()
                .filter(c -> !c.equals(key) && !c.equals(version) && !scope.covers(c))
                .toList();
        try (PreparedStatement upsert = connection.prepareStatement(upsertSql(columns, updated, tuple, rows.size()))) {
            int i = 1;
            for (Change change : rows) {
                for (String column : columns) {
                    upsert.setObject(i++, change.row().get(column));
                }
            }
            for (int guard = 0; guard <= updated.size() && !scope.isEmpty(); guard++) {
                i = scope.bind(upsert, i);
            }
            upsert.executeUpdate();
        }
        refuseOutsideScope(connection, rows);
    }

    /** A change whose key the target holds outside the scope is a conflict; see {@link TargetScope}. */
    private void refuseOutsideScope(Connection connection, List<Change> rows) throws SQLException {
        Optional<String> outside = scope.firstOutside(
                connection, table, key, rows.stream().map(Change::key).toList());
        if (outside.isPresent()) {
            Change change = rows.stream()
                    .filter(c -> String.valueOf(c.key()).equals(outside.get()))
                    .findFirst()
                    .orElseThrow();
            throw new RowRejectedException(
                    describe(change) + " was refused by " + table + ": " + scope.conflict(table, key), null);
        }
    }

    private void delete(Connection connection, List<Change> rows) throws SQLException {
        String where = "("
                + rows.stream()
                        .map(c -> "(" + key + " = ? AND " + version + " <= ?)")
                        .collect(Collectors.joining(" OR "))
                + ")"
                + (scope.isEmpty() ? "" : " AND " + scope.condition());
        String buried = rows.stream().map(c -> "(?, ?, ?)").collect(Collectors.joining(", "));
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE " + where);
                PreparedStatement bury = connection.prepareStatement("INSERT INTO " + TOMBSTONES
                        + " (table_name, row_key, version) VALUES " + buried
                        + " ON DUPLICATE KEY UPDATE version = GREATEST(version, VALUES(version))")) {
            int d = 1;
            int b = 1;
            for (Change change : rows) {
                delete.setObject(d++, change.key());
                delete.setLong(d++, change.version());
                bury.setString(b++, table);
                bury.setString(b++, String.valueOf(change.key()));
                bury.setLong(b++, change.version());
            }
            scope.bind(delete, d);
            tombstonesSeen = true;
            if (delete.executeUpdate() < rows.size()) {
                refuseOutsideScope(connection, rows);
            }
            bury.executeUpdate();
        }
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT) {
            chunks.add(all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT)));
        }
        return chunks;
    }

    /**
     * A value with more decimal places than its target column would be rounded by the database
     * without an error (a DECIMAL price into an INT column): the row is refused instead.
     */
    private void refuseRounding(Connection connection, Change change) throws SQLException {
        Map<String, Integer> scales = scales(connection);
        for (Map.Entry<String, Object> column : change.row().entrySet()) {
            Object value = column.getValue();
            if (!(value instanceof BigDecimal || value instanceof Double || value instanceof Float)) {
                continue;
            }
            Integer scale = scales.get(column.getKey().toLowerCase(Locale.ROOT));
            if (scale == null) {
                continue;
            }
            BigDecimal exact = new BigDecimal(value.toString());
            if (exact.stripTrailingZeros().scale() > scale) {
                throw new RowRejectedException(
                        describe(change) + " was refused by " + table + ": column " + column.getKey() + " holds "
                                + scale + " decimal places, the value " + exact.toPlainString()
                                + " would be rounded",
                        null);
            }
        }
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

    /**
     * Columns are assigned left to right, each seeing the ones before: the version goes last. A
     * row outside the scope changes in no column (the scope's own columns are never assigned).
     */
    private String upsertSql(List<String> columns, List<String> updated, String tuple, int rows) {
        String newer = (scope.isEmpty() ? "" : scope.condition() + " AND ") + "VALUES(" + version + ") > " + version;
        String updates = updated.stream()
                .map(c -> c + " = IF(" + newer + ", VALUES(" + c + "), " + c + ")")
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                + String.join(", ", Collections.nCopies(rows, tuple)) + " ON DUPLICATE KEY UPDATE "
                + (updates.isEmpty() ? "" : updates + ", ") + version + " = IF(" + newer + ", VALUES(" + version + "), "
                + version + ")";
    }

    /**
     * Whether the table may have tombstones: none before this applier's first delete unless one
     * was there at its start. Spares the snapshot a lookup per batch.
     */
    private boolean mayHoldTombstones(Connection connection) throws SQLException {
        if (tombstonesSeen || otherWriters) {
            return true;
        }
        if (!tombstonesChecked) {
            try (PreparedStatement any =
                    connection.prepareStatement("SELECT 1 FROM " + TOMBSTONES + " WHERE table_name = ? LIMIT 1")) {
                any.setString(1, table);
                try (ResultSet rows = any.executeQuery()) {
                    tombstonesSeen = rows.next();
                }
            }
            tombstonesChecked = true;
        }
        return tombstonesSeen;
    }

    private Map<String, Long> tombstones(Connection connection, Set<Object> keys) throws SQLException {
        Map<String, Long> result = new HashMap<>();
        if (keys.isEmpty() || !mayHoldTombstones(connection)) {
            return result;
        }
        String sql = "SELECT row_key, version FROM " + TOMBSTONES + " WHERE table_name = ? AND row_key IN ("
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

    private void saveOffset(Connection connection, SourceRecord last, String sourcePosition, boolean snapshotCompleted)
            throws SQLException {
        try (PreparedStatement save = connection.prepareStatement("INSERT INTO " + TargetOffsetStore.TABLE
                + " (pipeline, offset_key, offset_value, source_position, snapshot_completed, applied_at)"
                + " VALUES (?, ?, ?, ?, ?, NOW(6)) ON DUPLICATE KEY UPDATE offset_key = VALUES(offset_key),"
                + " offset_value = VALUES(offset_value), source_position = VALUES(source_position),"
                + " snapshot_completed = VALUES(snapshot_completed), applied_at = VALUES(applied_at)")) {
            save.setString(1, pipeline);
            save.setString(2, offsets.key(last.sourcePartition()));
            save.setString(3, offsets.value(last.sourceOffset()));
            save.setString(4, sourcePosition);
            save.setBoolean(5, snapshotCompleted);
            save.executeUpdate();
        }
    }

    /** Replays the batch row by row, in a transaction rolled back at the end, to name the refused row. */
    private RowRejectedException rejected(Connection connection, Map<Object, Change> changes, SQLException failure)
            throws SQLException {
        for (Change change : changes.values()) {
            try {
                write(connection, Map.of(change.key(), change));
            } catch (SQLException e) {
                rollbackQuietly(connection);
                if (isTransient(e)) {
                    throw e;
                }
                return new RowRejectedException(
                        describe(change) + " was refused by " + table + ": " + e.getMessage(), e);
            }
        }
        rollbackQuietly(connection);
        return new RowRejectedException(
                "a batch of " + changes.size() + " rows was refused by " + table + ": " + failure.getMessage(),
                failure);
    }

    private String describe(Change change) {
        return (change.delete() ? "delete of row " : "row ") + key + "=" + change.key() + " (" + version + " "
                + change.version() + ")";
    }

    /**
     * Errors that say the target cannot take writes now rather than that it refuses a row: lock
     * wait timeout and deadlock; access denied to the database, table, column or for a privilege,
     * locked account, expired password; read-only server. Waiting and retrying is right for these;
     * skipping or failing over a row would be wrong.
     */
    private static final Set<Integer> OUTAGE_ERRORS =
            Set.of(1205, 1213, 1044, 1045, 1142, 1143, 1227, 1290, 1792, 1820, 1862, 3118, 4151);

    static boolean isTransient(SQLException e) {
        SQLException current =
                e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
        String state = current.getSQLState();
        return current instanceof SQLTransientException
                || current instanceof SQLRecoverableException
                || current instanceof java.sql.SQLNonTransientConnectionException
                || (state != null && (state.startsWith("08") || state.startsWith("40")))
                || OUTAGE_ERRORS.contains(current.getErrorCode());
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the transaction went with it
        }
    }
}
