package dev.molt.replicator.apply;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The write of a chunk of copied rows with whole-number keys, to a target that takes bulk
 * inserts, on the rows as arrays and the keys as {@code long}s: per row it allocates nothing but
 * what the driver binds, where the general path built a map, a {@link Change}, a key text and a
 * boxed key or two per row. The rules are {@link BatchApplier}'s: tombstones, the rounding guard,
 * plain bulk inserts for the rows the target lacks, the version-guarded upsert for the others, a
 * row outside the scope refused before anything commits.
 *
 * <p>A chunk is inserted at once, without reading the target first, where the chunk before met
 * none of its rows there (a copy into a target that lacks them, the usual case): the insert locks
 * only the rows it adds. The locking read of the chunk's key range also locked the gap above its
 * last key, up to the next row of the target: measured, the copy's workers then deadlocked with
 * each other where one range ends and the next begins (tens per million rows, each a chunk
 * written twice), and with the stream inserting new rows above the copy's watermark, whose batches
 * were then retried with backoff (docs/BENCHMARKS.md). Where the insert meets a row the target
 * holds (a duplicate key: a row the stream wrote, or another writer's outside the scope), the
 * chunk is rolled back and written again by reading its rows first, with locks as {@link
 * TargetScope#lockRows} takes them, which answers the scope's conflict check and sends the rows
 * the target holds to the upsert; the next chunk then reads first too, until one meets no such row.
 * A row the stream writes meanwhile waits for the insert's row lock, then finds the copied row
 * and overwrites it only with a newer version; one the stream committed before is a duplicate.
 */
final class CopyWrite {

    private static final int DUPLICATE_KEY = 1062;

    /** The version-guarded upsert of rows the target holds, all of the same columns. */
    interface GuardedUpsert {
        void upsert(Connection connection, List<String> columns, List<Change> rows) throws SQLException;
    }

    private final String table;
    private final String key;
    private final String version;
    private final Tombstones tombstones;
    private final RoundingGuard rounding;
    private final TargetScope scope;
    private final BulkInsert bulk;
    /**
     * Whether the last chunk met rows the target holds (then the next reads first); used under the
     * applier's lock, one chunk at a time.
     */
    private boolean collided;

    CopyWrite(
            String table,
            String key,
            String version,
            Tombstones tombstones,
            RoundingGuard rounding,
            TargetScope scope,
            BulkInsert bulk) {
        this.table = table;
        this.key = key;
        this.version = version;
        this.tombstones = tombstones;
        this.rounding = rounding;
        this.scope = scope;
        this.bulk = bulk;
    }

    /**
     * Writes the rows, inserting first where the last chunk found none of its rows in the target;
     * where the insert hits a row the target holds, rolls back and writes them again, reading the
     * rows first.
     */
    BatchApplier.Applied write(Connection connection, CopiedRows rows, GuardedUpsert guarded) throws SQLException {
        if (!collided) {
            try {
                return write(connection, rows, guarded, false);
            } catch (SQLException e) {
                if (!duplicateKey(e)) {
                    throw e;
                }
                connection.rollback();
                collided = true;
            }
        }
        return write(connection, rows, guarded, true);
    }

    /** @param readFirst whether the rows are locked and read first, else inserted at once */
    private BatchApplier.Applied write(Connection connection, CopiedRows rows, GuardedUpsert guarded, boolean readFirst)
            throws SQLException {
        Map<String, Long> buried = tombstones.lookup(connection, rows.keys());
        int[] kept = new int[rows.size()];
        int count = 0;
        int skipped = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (!buried.isEmpty()) {
                Long at = buried.get(String.valueOf(rows.key(i)));
                if (at != null && at >= rows.version(i)) {
                    skipped++;
                    continue;
                }
            }
            if (mayRound(rows.row(i))) {
                rounding.check(connection, rows.change(i), key, version);
            }
            kept[count++] = i;
        }
        if (count == 0) {
            return new BatchApplier.Applied(0, 0, skipped);
        }
        if (!readFirst) {
            List<Object[]> inserts = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                inserts.add(rows.row(kept[k]));
            }
            bulk.insertArrays(connection, rows.columns(), inserts);
            return new BatchApplier.Applied(count, 0, skipped);
        }
        long[] keys = new long[count];
        for (int k = 0; k < count; k++) {
            keys[k] = ((Number) rows.key(kept[k])).longValue();
        }
        long[] ascending = ascending(keys);
        byte[] present = scope.lockRows(connection, table, key, ascending);
        List<Object[]> inserts = new ArrayList<>(count);
        List<Change> upserts = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int i = kept[k];
            byte state = present[ascending == keys ? k : Arrays.binarySearch(ascending, keys[k])];
            if (state == TargetScope.ABSENT) {
                inserts.add(rows.row(i));
            } else if (state == TargetScope.INSIDE) {
                upserts.add(rows.change(i));
            } else {
                throw new RowRejectedException(
                        rows.change(i).describe(key, version) + " was refused by " + table + ": "
                                + scope.conflict(table, key),
                        null);
            }
        }
        collided = !upserts.isEmpty();
        if (!inserts.isEmpty()) {
            bulk.insertArrays(connection, rows.columns(), inserts);
        }
        for (List<Change> some : ChangeGroups.chunks(upserts)) {
            guarded.upsert(connection, rows.columns(), some);
        }
        return new BatchApplier.Applied(count, 0, skipped);
    }

    /** Whether the failure is a duplicate key: the target holds one of the rows inserted. */
    private static boolean duplicateKey(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if (current.getErrorCode() == DUPLICATE_KEY
                    || current.getCause() instanceof SQLException cause && cause.getErrorCode() == DUPLICATE_KEY) {
                return true;
            }
            if (current.getNextException() == current) {
                break;
            }
        }
        return false;
    }

    /** Whether a value of the row could be rounded by its column (see {@link RoundingGuard}). */
    private static boolean mayRound(Object[] row) {
        for (Object value : row) {
            if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
                return true;
            }
        }
        return false;
    }

    /** The keys in ascending order: the same array where the copy read them so, as it does. */
    private static long[] ascending(long[] keys) {
        for (int k = 1; k < keys.length; k++) {
            if (keys[k - 1] > keys[k]) {
                long[] sorted = keys.clone();
                Arrays.sort(sorted);
                return sorted;
            }
        }
        return keys;
    }
}
