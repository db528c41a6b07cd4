package dev.molt.replicator.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The replicator's pipelines. Each pipeline captures one source table with Debezium and applies
 * it, mapped, to one target table; the mapping is plain properties handed to the mapping SMT.
 *
 * @param pipelines the pipelines by name (e.g. {@code forward}, {@code reverse})
 */
@Validated
@ConfigurationProperties("molt.replicator")
public record ReplicatorProperties(@NotEmpty Map<String, @Valid @NotNull Pipeline> pipelines) {

    /**
     * One replication pipeline.
     *
     * @param source the database captured through its binlog
     * @param target the database written to; also holds the pipeline's offsets and schema history
     * @param mapping the properties of the mapping SMT (see {@code RowMapping})
     * @param autoStart whether the pipeline starts with the application
     * @param snapshot whether a first start copies the existing rows ({@code initial}) or only
     *     streams changes from the current position ({@code no_data})
     * @param serverId the binlog client id of this pipeline, unique among the source's replicas
     * @param batchSize the most change events applied in one target transaction, and the rows
     *     per chunk of the initial copy
     * @param pollInterval how long Debezium waits for more events before handing over a batch
     * @param heartbeatInterval how often a heartbeat row is written to the source, which keeps
     *     {@code caughtUpAt} fresh and marks positions for drains
     * @param retry the back-off while the target or source cannot be reached
     * @param schemaHistoryFile where Debezium keeps the source's schema history; empty (the
     *     default) keeps it in the target database. A file is needed where source and target share
     *     one server: the snapshot's global read lock would block the history write to the target
     */
    public record Pipeline(
            @NotNull @Valid Endpoint source,
            @NotNull @Valid Endpoint target,
            @NotEmpty Map<String, String> mapping,
            @DefaultValue("false") boolean autoStart,

            @DefaultValue("initial") @NotNull @Pattern(regexp = "initial|no_data")
            String snapshot,

            @Positive long serverId,
            @DefaultValue("2048") @Positive @Max(100_000) int batchSize,
            @DefaultValue("10ms") @NotNull Duration pollInterval,
            @DefaultValue("100ms") @NotNull Duration heartbeatInterval,
            @DefaultValue @NotNull @Valid Retry retry,
            @DefaultValue("") String schemaHistoryFile) {

        @AssertTrue(message = "mapping needs source.table, target.table and columns")
        boolean isMappingComplete() {
            return mapping == null
                    || (mapping.containsKey("source.table")
                            && mapping.containsKey("target.table")
                            && mapping.containsKey("columns"));
        }
    }

    /**
     * A database.
     *
     * @param url the JDBC URL, {@code jdbc:mariadb://host:port/database} or {@code jdbc:mysql://...}
     * @param user the user; on a source it needs replication privileges
     * @param password the password
     */
    public record Endpoint(
            @NotBlank
            @Pattern(
                    regexp = "jdbc:(mariadb|mysql)://[^/]+/\\w+.*",
                    message = "must be jdbc:mariadb://host:port/database or jdbc:mysql://host:port/database")
            String url,

            @NotBlank String user,
            @DefaultValue("") String password) {}

    /**
     * Back-off between attempts while a database is unreachable.
     *
     * @param initialBackoff the first wait
     * @param maxBackoff the longest wait
     */
    public record Retry(
            @DefaultValue("100ms") @NotNull Duration initialBackoff,
            @DefaultValue("5s") @NotNull Duration maxBackoff) {}
}
