package dev.molt.replicator.transport;

import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;

/**
 * How change events are written to the change log: Kafka Connect's JSON converter with schemas,
 * for keys and values, as a Kafka Connect worker configured by {@code deploy/kafka-connect} writes
 * them. The schemas carry Debezium's semantic types (e.g. {@code io.debezium.time.MicroTimestamp})
 * and decimals, which the applier needs to write the values back over JDBC.
 */
public final class ChangeLogFormat {

    /** The converter settings, the same for the embedded capture and a Connect worker. */
    public static final Map<String, String> CONVERTER = Map.of(
            JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "true", JsonConverterConfig.DECIMAL_FORMAT_CONFIG, "NUMERIC");

    private final JsonConverter keys = converter(ConverterType.KEY);
    private final JsonConverter values = converter(ConverterType.VALUE);

    private static JsonConverter converter(ConverterType type) {
        JsonConverter converter = new JsonConverter();
        converter.configure(CONVERTER, type == ConverterType.KEY);
        return converter;
    }

    byte[] key(String topic, org.apache.kafka.connect.data.Schema schema, Object key) {
        return keys.fromConnectData(topic, schema, key);
    }

    byte[] value(String topic, org.apache.kafka.connect.data.Schema schema, Object value) {
        return values.fromConnectData(topic, schema, value);
    }

    SchemaAndValue value(String topic, byte[] value) {
        return values.toConnectData(topic, value);
    }
}
