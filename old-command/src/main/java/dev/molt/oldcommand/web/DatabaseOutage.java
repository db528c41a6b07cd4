package dev.molt.oldcommand.web;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells "the database cannot be reached just now" from every other failure, so that an outage
 * answers 503 (retry shortly) and a bug still answers 500. A {@code @Transactional} command meets
 * an outage as {@link CannotCreateTransactionException}, which is no {@code DataAccessException};
 * a read meets it as a connection failure that Spring may or may not have translated.
 */
final class DatabaseOutage {

    /** How long a client should wait before retrying: about one pool connection time-out. */
    static final String RETRY_AFTER_SECONDS = "2";

    /** MySQL's and MariaDB's ER_TABLEACCESS_DENIED_ERROR: "INSERT command denied to user ... for table ...". */
    private static final int TABLE_ACCESS_DENIED = 1142;

    /** How far down a chain of causes to look; a cycle of causes ends there too. */
    private static final int MAX_CAUSES = 20;

    private DatabaseOutage() {}

    /**
     * True when the database refused a write because the table's write rights were taken away: the
     * cutover's write fence on the side that no longer takes commands. Nothing was written; the
     * gateway routes the retry to the side that now takes them.
     */
    static boolean isWriteFenced(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < MAX_CAUSES; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == TABLE_ACCESS_DENIED) {
                return true;
            }
        }
        return false;
    }

    /**
     * A commit cut by the database's crash, then the rollback on the dead connection: Spring throws
     * the rollback's failure (the pool's bare "Connection is closed"), sometimes with the first
     * failure as its application exception. Either way the transaction could not end on its
     * connection; whether the commit was applied is unknown, as with any outage mid-request.
     */
    private static boolean isConnectionLost(TransactionSystemException failed, Throwable failure) {
        Throwable first = failed.getApplicationException();
        return failed.getCause() instanceof SQLException || (first != null && first != failure && isOutage(first));
    }

    /** SQLSTATE class 08, a connection exception, as the driver reports a connection lost mid-statement. */
    private static boolean isConnectionState(Throwable cause) {
        return cause instanceof SQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().startsWith("08");
    }

    static boolean isOutage(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < MAX_CAUSES; cause = cause.getCause(), depth++) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectException
                    || isConnectionState(cause)) {
                return true;
            }
            if (cause instanceof TransactionSystemException failed && isConnectionLost(failed, failure)) {
                return true;
            }
        }
        return false;
    }
}
