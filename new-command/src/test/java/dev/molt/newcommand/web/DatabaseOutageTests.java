package dev.molt.newcommand.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** What counts as "the database cannot be reached" (503) and what stays a failure of ours (500). */
class DatabaseOutageTests {

    @Test
    void aConnectionThatCannotBeHadIsAnOutage() {
        assertThat(DatabaseOutage.isOutage(new CannotGetJdbcConnectionException(
                        "no connection", new SQLTransientConnectionException("pool timed out"))))
                .isTrue();
    }

    @Test
    void aTransactionThatCannotBeginIsAnOutage() {
        assertThat(DatabaseOutage.isOutage(new CannotCreateTransactionException(
                        "could not open", new SQLTransientConnectionException("pool timed out"))))
                .isTrue();
    }

    @Test
    void aRefusedConnectionDeepInTheCausesIsAnOutage() {
        assertThat(DatabaseOutage.isOutage(
                        new IllegalStateException("wrapped", new RuntimeException(new ConnectException("refused")))))
                .isTrue();
    }

    @Test
    void aCommitCutByTheDatabasesCrashThenARollbackOnTheDeadConnectionIsAnOutage() {
        TransactionSystemException rollbackFailed =
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException("JDBC commit; Socket error"));

        assertThat(DatabaseOutage.isOutage(rollbackFailed)).isTrue();
        assertThat(DatabaseOutage.isOutage(new TransactionSystemException(
                        "JDBC rollback failed", new SQLException("Connection is closed"))))
                .as("as Spring throws it after a failed commit: without the commit's failure")
                .isTrue();
        assertThat(DatabaseOutage.isOutage(new TransactionSystemException("no transaction to end")))
                .isFalse();
    }

    @Test
    void aConnectionLostMidStatementIsAnOutage() {
        assertThat(DatabaseOutage.isOutage(new RuntimeException(new SQLException("Socket error", "08000"))))
                .isTrue();
    }

    @Test
    void aRejectedStatementOrABugIsNoOutage() {
        assertThat(DatabaseOutage.isOutage(new DataIntegrityViolationException("out of range")))
                .isFalse();
        assertThat(DatabaseOutage.isOutage(new NullPointerException())).isFalse();
    }

    @Test
    void aWriteRefusedForLackOfTableRightsIsTheWriteFenceNotAnOutage() {
        BadSqlGrammarException refused = new BadSqlGrammarException(
                "update",
                "UPDATE t SET x = 1",
                new SQLSyntaxErrorException(
                        "UPDATE command denied to user 'app'@'localhost' for table 't'", "42000", 1142));
        assertThat(DatabaseOutage.isWriteFenced(refused)).isTrue();
        assertThat(DatabaseOutage.isOutage(refused)).isFalse();
    }

    @Test
    void otherGrammarErrorsAreNoWriteFence() {
        assertThat(DatabaseOutage.isWriteFenced(new BadSqlGrammarException(
                        "select", "SELEC 1", new SQLSyntaxErrorException("syntax", "42000", 1064))))
                .isFalse();
    }
}
