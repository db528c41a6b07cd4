package dev.molt.replicator.apply;

import dev.molt.replicator.capture.AppliedPositionRepository;
import dev.molt.replicator.capture.OffsetCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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

    /** Deleted rows' last versions, per table and key. */
    public static final String TOMBSTONES = Tombstones.TABLE;

    private final DataSource target;
    private final String pipeline;
    private final String table;
    private final String key;
    private final String version;
    private final OffsetCodec offsets;
    private final AppliedPositionRepository positions;
    private final Tombstones tombstones;
    private final RoundingGuard rounding;
    private final TargetScope scope;
    private final BulkInsert bulk;
    private final CopyWrite copies;
    private volatile long lastCommitNanos;

    /** What one batch did. */
    public record Applied(int upserts, int deletes, int skipped) {}

    /**
     * @param writers who else applies to the same table at the same time (see {@link Writers})
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
            Writers writers,
            Map<String, String> scope) {
        this.target = target;
        this.pipeline = pipeline;
        this.table = table;
        this.key = key;
        this.version = version;
        this.offsets = offsets;
        this.positions = new AppliedPositionRepository(pipeline);
        this.tombstones = new Tombstones(table, writers);
        this.rounding = new RoundingGuard(table);
        this.scope = TargetScope.of(scope);
        this.bulk = new BulkInsert(table);
        this.copies = new CopyWrite(table, key, version, tombstones, rounding, this.scope, bulk);
    }

    /** Creates the offset and tombstone tables in the target where absent. */
    public static void prepare(DataSource target) throws SQLException {
        try (Connection connection = target.getConnection();
                Statement statement = connection.createStatement()) {
            AppliedPositionRepository.createTable(statement);
            Tombstones.createTable(statement);
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
            Tombstones.discard(connection, table);
            new AppliedPositionRepository(pipeline).discard(connection);
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
     * neither overwrite a newer streamed version nor bring back a row the stream deleted; runs
     * {@code also} in the same transaction (the copy's progress). Where the target takes bulk
     * inserts and the keys are whole numbers, {@link CopyWrite} writes them without a map per row.
     */
    public Applied copy(CopiedRows rows, InTransaction also) throws TargetUnavailableException {
        return transact(
                rows::changes,
                connection -> bulk.supported(connection) && rows.wholeNumberKeys()
                        ? copies.write(connection, rows, this::upsert)
                        : writeCopy(connection, rows.changes()),
                also);
    }

    /** How long the target took to commit this applier's last transaction, in milliseconds. */
    public long lastCommitMillis() {
        return lastCommitNanos / 1_000_000;
    }

    /** Marks the pipeline's snapshot completed, in the row of its applied offset. */
    public void markSnapshotCompleted() throws TargetUnavailableException {
        try (Connection connection = target.getConnection()) {
            positions.markSnapshotCompleted(connection);
        } catch (SQLException e) {
            throw new TargetUnavailableException("target unreachable: " + e.getMessage(), e);
        }
    }

    /** Work done in the transaction of a batch, after its rows. */
    public interface InTransaction {
        void run(Connection connection) throws SQLException;
    }

    private interface Work {
        Applied write(Connection connection) throws SQLException;
    }

    private Applied transact(Map<Object, Change> changes, InTransaction also) throws TargetUnavailableException {
        return transact(() -> changes, connection -> write(connection, changes), also);
    }

    /**
     * One writer at a time: the copy and the stream apply concurrently, and a tombstone lookup
     * must see every earlier delete committed, or a copied row could pass a tombstone being
     * written and come back.
     */
    private synchronized Applied transact(Supplier<Map<Object, Change>> changes, Work work, InTransaction also)
            throws TargetUnavailableException {
        try (Connection connection = target.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Applied applied = work.write(connection);
                also.run(connection);
                long committing = System.nanoTime();
                connection.commit();
                lastCommitNanos = System.nanoTime() - committing;
                return applied;
            } catch (SQLException e) {
                rollbackQuietly(connection);
                if (TargetErrors.isTransient(e)) {
                    throw e;
                }
                throw rejected(connection, changes.get(), e);
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
            changes.merge(change.key(), change, Change::newer);
        }
        return changes;
    }

    private Applied write(Connection connection, Map<Object, Change> changes) throws SQLException {
        return write(connection, changes, !scope.isEmpty());
    }

    /**
     * Copied rows that {@link CopyWrite} does not take (a target without bulk inserts, keys that
     * are not whole numbers): the version-guarded upsert, then the scope's conflict check.
     */
    private Applied writeCopy(Connection connection, Map<Object, Change> changes) throws SQLException {
        return write(connection, changes, true);
    }

    /**
     * @param readFirst whether the upserts' rows are locked and read first where the target takes
     *     bulk inserts ({@link #insertOrUpsert}); else every upsert takes the version-guarded upsert,
     *     followed by the scope's conflict check
     */
    private Applied write(Connection connection, Map<Object, Change> changes, boolean readFirst) throws SQLException {
        Map<String, Long> buriedVersions = tombstones.lookup(connection, changes.keySet());
        List<Change> upserts = new ArrayList<>();
        List<Change> deletes = new ArrayList<>();
        int skipped = 0;
        for (Change change : changes.values()) {
            Long buried = buriedVersions.get(String.valueOf(change.key()));
            if (change.delete()) {
                deletes.add(change);
            } else if (buried != null && buried >= change.version()) {
                skipped++;
            } else {
                rounding.check(connection, change, key, version);
                upserts.add(change);
            }
        }
        if (readFirst && !upserts.isEmpty() && bulk.supported(connection) && wholeNumberKeys(upserts)) {
            insertOrUpsert(connection, upserts);
        } else {
            for (Map.Entry<List<String>, List<Change>> group :
                    ChangeGroups.byColumns(upserts).entrySet()) {
                for (List<Change> rows : ChangeGroups.chunks(group.getValue())) {
                    upsert(connection, group.getKey(), rows);
                    refuseOutsideScope(connection, rows);
                }
            }
        }
        for (List<Change> rows : ChangeGroups.chunks(deletes)) {
            delete(connection, rows);
        }
        return new Applied(upserts.size(), deletes.size(), skipped);
    }

    /**
     * Locks and reads the rows of the upserts' keys first ({@link TargetScope#lockRows}, which also
     * locks the gaps between them, so no row can appear there before the commit). That read answers
     * the scope's conflict check before anything is written, and lets the rows the target lacks go
     * in as plain inserts through the driver's bulk command ({@link BulkInsert}); only the rows it
     * holds take the version-guarded upsert. MariaDB Connector/J sends an {@code ON DUPLICATE KEY
     * UPDATE} batch row by row (before MariaDB 11.5), and a multi-row one as text the server must
     * parse: measured, the bulk insert cost the server about two thirds of the CPU of the multi-row
     * upsert. Used for the changes of a pipeline with a scope; copied rows take {@link CopyWrite},
     * which reads first only where a chunk meets rows the target holds.
     */
    private void insertOrUpsert(Connection connection, List<Change> upserts) throws SQLException {
        Map<Long, Boolean> present = scope.lockRows(
                connection, table, key, upserts.stream().map(Change::key).toList());
        List<Change> inserts = new ArrayList<>();
        List<Change> guarded = new ArrayList<>();
        for (Change change : upserts) {
            Boolean inside = present.get(((Number) change.key()).longValue());
            if (inside == null) {
                inserts.add(change);
            } else if (inside) {
                guarded.add(change);
            } else {
                throw new RowRejectedException(
                        describe(change) + " was refused by " + table + ": " + scope.conflict(table, key), null);
            }
        }
        for (Map.Entry<List<String>, List<Change>> group :
                ChangeGroups.byColumns(inserts).entrySet()) {
            bulk.insert(connection, group.getKey(), group.getValue());
        }
        for (Map.Entry<List<String>, List<Change>> group :
                ChangeGroups.byColumns(guarded).entrySet()) {
            for (List<Change> rows : ChangeGroups.chunks(group.getValue())) {
                upsert(connection, group.getKey(), rows);
            }
        }
    }

    private static boolean wholeNumberKeys(List<Change> changes) {
        return changes.stream().allMatch(c -> c.key() instanceof Long || c.key() instanceof Integer);
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
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE " + where)) {
            int d = 1;
            for (Change change : rows) {
                delete.setObject(d++, change.key());
                delete.setLong(d++, change.version());
            }
            scope.bind(delete, d);
            if (delete.executeUpdate() < rows.size()) {
                refuseOutsideScope(connection, rows);
            }
        }
        tombstones.bury(connection, rows);
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

    private void saveOffset(Connection connection, SourceRecord last, String sourcePosition, boolean snapshotCompleted)
            throws SQLException {
        positions.save(
                connection,
                new AppliedPositionRepository.Offset(
                        offsets.key(last.sourcePartition()), offsets.value(last.sourceOffset())),
                sourcePosition,
                snapshotCompleted);
    }

    /** Replays the batch row by row, in a transaction rolled back at the end, to name the refused row. */
    private RowRejectedException rejected(Connection connection, Map<Object, Change> changes, SQLException failure)
            throws SQLException {
        for (Change change : changes.values()) {
            try {
                write(connection, Map.of(change.key(), change));
            } catch (SQLException e) {
                rollbackQuietly(connection);
                if (TargetErrors.isTransient(e)) {
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
        return change.describe(key, version);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the transaction went with it
        }
    }
}
