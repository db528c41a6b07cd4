package dev.molt.replicator.transport;

import dev.molt.replicator.config.ReplicatorProperties.EventFormat;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;

/**
 * How the capture writes change events to the change log: Kafka Connect's JSON converter, for keys
 * and values, as a Kafka Connect worker configured by {@code deploy/kafka-connect} writes them.
 * {@link EventFormat#SCHEMAS} sends each event's schema with it (about 3.3 KB per event, most of
 * it the schema); {@link EventFormat#COMPACT} sends the values alone, and the appliers read them
 * by the target's column types ({@link CompactEvents}). Decimals are numbers either way, and a null
 * stays null even where the column has a default.
 */
public final class ChangeLogFormat {

    private final JsonConverter keys;
    private final JsonConverter values;

    public ChangeLogFormat(EventFormat format) {
        this.keys = converter(format, ConverterType.KEY);
        this.values = converter(format, ConverterType.VALUE);
    }

    /** The converter settings of a format, the same for the embedded capture and a Connect worker. */
    public static Map<String, String> converter(EventFormat format) {
        return Map.of(
                JsonConverterConfig.SCHEMAS_ENABLE_CONFIG,
                String.valueOf(format == EventFormat.SCHEMAS),
                JsonConverterConfig.DECIMAL_FORMAT_CONFIG,
                "NUMERIC",
                JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG,
                "false");
    }

    static JsonConverter converter(EventFormat format, ConverterType type) {
        JsonConverter converter = new JsonConverter();
        converter.configure(converter(format), type == ConverterType.KEY);
        return converter;
    }

    byte[] key(String topic, Schema schema, Object key) {
        return keys.fromConnectData(topic, schema, key);
    }

    byte[] value(String topic, Schema schema, Object value) {
        return values.fromConnectData(topic, schema, value);
    }
}
