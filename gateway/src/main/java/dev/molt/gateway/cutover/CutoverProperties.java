package dev.molt.gateway.cutover;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the stage is kept and the limits its guards apply.
 *
 * @param stateFile file holding the stage and its history; it survives a gateway restart
 * @param maxLag highest forward replication lag that still allows switching routes (stages 4 and 6)
 * @param quietPeriod how long without old-API calls before old routing may go (stage 10), and without new-API calls before its rollback
 * @param inFlightGrace how long after stage 10 was entered an old-API call may still reach a NEW alias as one that was routed
 *     before the switch (in flight, or racing the routes' change): those do not count against stage 11
 * @param probeTimeout time-out of one health or alias call to a service
 * @param pipelineStartTimeout how long a pipeline may take to reach STREAMING when a transition starts it
 * @param oldDatabase the OLD database, for the stage-2 binlog check
 * @param newDatabase the NEW database, for the stage-2 schema check
 * @param lint the optional stage-2 check that NEW's pending migrations follow expand/contract
 */
@Validated
@ConfigurationProperties("molt.gateway.cutover")
public record CutoverProperties(
        @NotNull Path stateFile,
        @NotNull Duration maxLag,
        @NotNull Duration quietPeriod,
        @NotNull Duration inFlightGrace,
        @NotNull Duration probeTimeout,
        @NotNull Duration pipelineStartTimeout,
        @NotNull @Valid Database oldDatabase,
        @NotNull @Valid Database newDatabase,
        @NotNull @Valid Lint lint) {

    /**
     * A database a guard reads (never writes).
     *
     * @param url JDBC URL; empty means not configured, which blocks the guard that needs it
     * @param username user name
     * @param password password
     * @param requiredTables tables that must exist for the schema to count as migrated
     */
    public record Database(
            String url,
            String username,
            String password,
            @NotNull List<@NotEmpty String> requiredTables) {

        boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * The stage-2 lint of NEW's pending migrations, done in a temporary schema on NEW's server.
     *
     * @param migrationsDir NEW's Flyway migrations ({@code V<version>__<description>.sql}); empty turns the check off
     * @param scratchUsername a NEW-server account that may create and drop {@code molt_lint_*} schemas; empty means the NEW database's user
     * @param scratchPassword that account's password
     */
    public record Lint(String migrationsDir, String scratchUsername, String scratchPassword) {

        boolean enabled() {
            return migrationsDir != null && !migrationsDir.isBlank();
        }
    }
}
