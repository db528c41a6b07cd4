package dev.molt.replicator.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.Locale;
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
     * @param tuning connection pools and waits of the pipeline's threads
     * @param copy the snapshot copy's workers, chunk sizing and throttle
     */
    public record Pipeline(
            @NotNull @Valid Endpoint source,
            @NotNull @Valid Endpoint target,
            @NotEmpty Map<String, String> mapping,
            @DefaultValue("false") boolean autoStart,

            @DefaultValue("initial") @NotNull SnapshotMode snapshot,

            @Positive long serverId,
            @DefaultValue("2048") @Positive @Max(100_000) int batchSize,
            @DefaultValue("10ms") @NotNull Duration pollInterval,
            @DefaultValue("100ms") @NotNull Duration heartbeatInterval,
            @DefaultValue @NotNull @Valid Retry retry,
            @DefaultValue("") String schemaHistoryFile,

            @DefaultValue("direct") @NotNull TransportKind transport,
            @DefaultValue @NotNull @Valid Kafka kafka,
            @DefaultValue @NotNull @Valid Tuning tuning,
            @DefaultValue @NotNull @Valid Copy copy) {

        /** Whether changes travel through a Kafka topic rather than straight to the applier. */
        public boolean viaKafka() {
            return transport == TransportKind.KAFKA;
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
     * @param format how the capture writes events to the topic; the appliers read either
     */
    public record Kafka(
            @DefaultValue("localhost:9092") @NotBlank String bootstrapServers,
            @DefaultValue("") String topic,
            @DefaultValue("4") @Positive @Max(1024) int partitions,
            @DefaultValue("1") @Positive @Max(16) short replicationFactor,
            @DefaultValue("true") boolean capture,
            @DefaultValue("1") @PositiveOrZero @Max(64) int appliers,
            @DefaultValue("") String groupId,
            @DefaultValue("compact") @NotNull EventFormat format) {

        public String topicOf(String pipeline) {
            return topic.isBlank() ? "molt." + pipeline + ".changes" : topic;
        }

        public String groupOf(String pipeline) {
            return groupId.isBlank() ? "molt-" + pipeline : groupId;
        }
    }

    /**
     * How change events are written to a change log: both are Kafka Connect's JSON converter, which
     * a Connect worker can also be configured to produce.
     */
    public enum EventFormat {
        /** The event alone, without its schema (about a tenth of the bytes); read by the target's column types. */
        COMPACT,
        /** Each event with its Connect schema ({@code schema} and {@code payload}), as before. */
        SCHEMAS
    }

    /** Whether a first start copies the rows the source holds. */
    public enum SnapshotMode {
        /** Copy the existing rows alongside the stream, then stream. */
        INITIAL,
        /** Only stream changes from the current source position. */
        NO_DATA
    }

    /** How changes travel from capture to apply. */
    public enum TransportKind {
        /** Capture and apply in one process, batch by batch. */
        DIRECT,
        /** Through a change log topic, applied by a consumer group of appliers. */
        KAFKA;

        /** The name as configured and as the status shows it: {@code direct} or {@code kafka}. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Connection pools and waits of a pipeline; the defaults suit a pipeline that must notice an
     * unreachable database within about a second.
     *
     * @param poolSize the most connections per pool (source and target each)
     * @param connectTimeout how long a pool waits for a connection before the attempt fails
     * @param validationTimeout how long a pool waits for a connection to prove alive
     * @param engineCloseTimeout how long a stop waits for the Debezium engine to close
     * @param copyEndTimeout how long a restarted snapshot waits for the copy of an earlier attempt to end
     * @param appliersStopTimeout how long a stop waits for the change log appliers to end
     * @param consumerLagInterval how often the unapplied events in the change log are measured
     */
    public record Tuning(
            @DefaultValue("3") @Positive @Max(64) int poolSize,
            @DefaultValue("1s") @NotNull Duration connectTimeout,
            @DefaultValue("500ms") @NotNull Duration validationTimeout,
            @DefaultValue("30s") @NotNull Duration engineCloseTimeout,
            @DefaultValue("60s") @NotNull Duration copyEndTimeout,
            @DefaultValue("30s") @NotNull Duration appliersStopTimeout,
            @DefaultValue("250ms") @NotNull Duration consumerLagInterval) {}

    /**
     * The snapshot copy: parallel over key ranges, in chunks sized toward a time, and throttled so
     * that the stream keeps priority.
     *
     * @param workers key ranges copied at once; 0 for one per core
     * @param chunkTime the time a chunk's write and commit should take (its read is done ahead);
     *     sizes adapt toward it
     * @param maxChunkRows the most source rows in one chunk
     * @param maxLag the stream lag above which the copy waits
     * @param maxCommitLatency the commit time of a copy chunk above which the copy pauses
     * @param concurrentWrites chunks written to the target at once, by as many workers; the others
     *     read and map their next chunks meanwhile. Two: one writer leaves the target idle while it
     *     encodes a command and records its progress, and a second fills those gaps, for about
     *     30 % more of the target's CPU per row (measured, docs/BENCHMARKS.md); more add contention,
     *     not rows
     */
    public record Copy(
            @DefaultValue("0") @Min(0) @Max(64) int workers,
            @DefaultValue("100ms") @NotNull Duration chunkTime,
            @DefaultValue("20000") @Positive @Max(1_000_000) int maxChunkRows,
            @DefaultValue("1s") @NotNull Duration maxLag,
            @DefaultValue("500ms") @NotNull Duration maxCommitLatency,
            @DefaultValue("2") @Positive @Max(64) int concurrentWrites) {

        /** The workers to run: as configured, else one per core. */
        public int workerCount() {
            return workers > 0 ? workers : Math.max(1, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * Back-off between attempts while a database is unreachable.
     *
     * @param initialBackoff the first wait
     * @param maxBackoff the longest wait
     * @param multiplier how much each wait grows over the one before
     */
    public record Retry(
            @DefaultValue("100ms") @NotNull Duration initialBackoff,
            @DefaultValue("5s") @NotNull Duration maxBackoff,
            @DefaultValue("2") @DecimalMin("1.0") double multiplier) {

        /** The back-off these settings describe, for every retry loop. */
        public Backoff backoff() {
            return new Backoff(initialBackoff, maxBackoff, multiplier);
        }
    }
}
