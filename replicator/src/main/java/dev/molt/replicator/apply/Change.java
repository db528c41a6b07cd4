package dev.molt.replicator.apply;

import java.util.Map;

/**
 * One row's change in a batch: its key, version, whether it deletes, and the target row.
 *
 * @param row the target row (column to JDBC value); for a delete, the row before
 */
record Change(Object key, long version, boolean delete, Map<String, Object> row) {

    /**
     * The batch compaction rule: of two changes of one row, the one with the higher version
     * counts, and at the same version a delete wins over an upsert.
     */
    static Change newer(Change old, Change now) {
        if (now.version() > old.version() || (now.version() == old.version() && now.delete())) {
            return now;
        }
        return old;
    }

    /** The change as a refusal names it, e.g. {@code row id=7 (version 3)}. */
    String describe(String keyColumn, String versionColumn) {
        return (delete ? "delete of row " : "row ") + keyColumn + "=" + key + " (" + versionColumn + " " + version
                + ")";
    }
}
