package dev.molt.replicator.apply;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a target that cannot take writes now from a target that refuses a row. Waiting and
 * retrying is right for the first; skipping or failing over a row would be wrong for it.
 */
final class TargetErrors {

    /**
     * Lock wait timeout and deadlock; access denied to the database, table, column or for a
     * privilege, locked account, expired password; read-only server.
     */
    private static final Set<Integer> OUTAGE_ERRORS =
            Set.of(1205, 1213, 1044, 1045, 1142, 1143, 1227, 1290, 1792, 1820, 1862, 3118, 4151);

    private TargetErrors() {}

    /** Whether the error says the target cannot take writes now (rather than that it refuses a row). */
    static boolean isTransient(SQLException e) {
        SQLException current =
                e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
        String state = current.getSQLState();
        return current instanceof SQLTransientException
                || current instanceof SQLRecoverableException
                || current instanceof SQLNonTransientConnectionException
                || (state != null && (state.startsWith("08") || state.startsWith("40")))
                || OUTAGE_ERRORS.contains(current.getErrorCode());
    }
}
