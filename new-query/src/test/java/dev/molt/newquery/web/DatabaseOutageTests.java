package dev.molt.newquery.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

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
    void aRejectedStatementOrABugIsNoOutage() {
        assertThat(DatabaseOutage.isOutage(new DataIntegrityViolationException("out of range")))
                .isFalse();
        assertThat(DatabaseOutage.isOutage(new NullPointerException())).isFalse();
    }
}
