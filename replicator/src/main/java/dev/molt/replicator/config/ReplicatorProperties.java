package dev.molt.replicator.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
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
     * @param transport how changes travel from capture to apply: {@code direct} (one process, the
     *     default) or {@code kafka} (a change log topic between capture and a consumer group of
     *     appliers)
     * @param kafka the change log topic and this process's part in it, for {@code kafka}
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
            @DefaultValue("") String schemaHistoryFile,

            @DefaultValue("direct") @NotNull @Pattern(regexp = "direct|kafka")
            String transport,

            @DefaultValue @NotNull @Valid Kafka kafka) {

        /** Whether changes travel through a Kafka topic rather than straight to the applier. */
        public boolean viaKafka() {
            return "kafka".equals(transport);
        }

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
     * The change log of a pipeline on the {@code kafka} transport, and what this process runs of
     * it. Capture and appliers may run in one process or in several: an applier-only process sets
     * {@code capture: false}, a capture-only process {@code appliers: 0}.
     *
     * @param bootstrapServers the Kafka brokers
     * @param topic the change log topic; empty (the default) names it {@code molt.<pipeline>.changes}
     * @param partitions the topic's partitions, created with it; rows are spread over them by key,
     *     and the heartbeat writes one row per partition so that every partition carries each beat
     * @param replicationFactor the topic's replication factor, created with it
     * @param capture whether this process captures the source and publishes to the topic
     * @param appliers how many consumers of the applier group this process runs (0 for none)
     * @param groupId the appliers' consumer group; empty (the default) names it {@code molt-<pipeline>}
     */
    public record Kafka(
            @DefaultValue("localhost:9092") @NotBlank String bootstrapServers,
            @DefaultValue("") String topic,
            @DefaultValue("4") @Positive @Max(1024) int partitions,
            @DefaultValue("1") @Positive @Max(16) short replicationFactor,
            @DefaultValue("true") boolean capture,
            @DefaultValue("1") @PositiveOrZero @Max(64) int appliers,
            @DefaultValue("") String groupId) {

        public String topicOf(String pipeline) {
            return topic.isBlank() ? "molt." + pipeline + ".changes" : topic;
        }

        public String groupOf(String pipeline) {
            return groupId.isBlank() ? "molt-" + pipeline : groupId;
        }
    }

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
