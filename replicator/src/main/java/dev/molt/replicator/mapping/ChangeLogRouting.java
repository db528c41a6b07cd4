package dev.molt.replicator.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * A Kafka Connect single message transform that puts every change event of a pipeline on its one
 * change log topic, in a partition chosen here rather than by the producer: a data row's events go
 * to the partition of its key (so that each row's events stay in order), and a heartbeat row's to
 * the partition named by its {@code slot} column (so that every partition carries every beat; see
 * {@code capture.Heartbeat}). Choosing the partition in the transform makes it the same whether
 * the embedded engine or a Kafka Connect worker produces the record.
 *
 * <p>Properties: {@code topic} (the change log), {@code partitions} (its partition count) and
 * {@code heartbeat.table} ({@code molt_heartbeat} by default). Runs after {@link
 * MappingTransformation}, on mapped events.
 */
public class ChangeLogRouting<R extends ConnectRecord<R>> implements Transformation<R> {

    public static final String TOPIC = "topic";
    public static final String PARTITIONS = "partitions";
    public static final String HEARTBEAT_TABLE = "heartbeat.table";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(TOPIC, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "the change log topic")
            .define(
                    PARTITIONS,
                    ConfigDef.Type.INT,
                    ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.Range.between(1, 1024),
                    ConfigDef.Importance.HIGH,
                    "the partitions of the change log topic")
            .define(
                    HEARTBEAT_TABLE,
                    ConfigDef.Type.STRING,
                    "molt_heartbeat",
                    ConfigDef.Importance.LOW,
                    "the heartbeat table, whose rows name their partition");

    private String topic;
    private int partitions;
    private String heartbeatSuffix;

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> parsed = CONFIG.parse(configs);
        topic = (String) parsed.get(TOPIC);
        if (topic == null || topic.isBlank()) {
            throw new ConfigException(TOPIC, topic, "the change log topic is required");
        }
        partitions = (Integer) parsed.get(PARTITIONS);
        heartbeatSuffix = "." + parsed.get(HEARTBEAT_TABLE);
    }

    @Override
    public R apply(R record) {
        if (!(record.value() instanceof Struct value)) {
            return record;
        }
        int partition;
        if (record.topic() != null && record.topic().endsWith(heartbeatSuffix)) {
            Struct row = value.getStruct(value.get("after") != null ? "after" : "before");
            partition = Math.floorMod(((Number) row.get("slot")).intValue(), partitions);
        } else {
            partition = partitionOf(record.key());
        }
        return record.newRecord(
                topic,
                partition,
                record.keySchema(),
                record.key(),
                record.valueSchema(),
                record.value(),
                record.timestamp());
    }

    /** The partition of a row's key: murmur2 of its text, as Kafka's own partitioner hashes. */
    int partitionOf(Object key) {
        Object id = key instanceof Struct struct
                ? struct.get(struct.schema().fields().get(0))
                : key;
        byte[] bytes = String.valueOf(id).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void close() {}
}
