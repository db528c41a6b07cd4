package dev.molt.replicator.capture;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Serialises Debezium offsets exactly as Kafka Connect's offset writer does (schemaless JSON, the
 * key being {@code [engine name, source partition]}), so that the applier can write them in its own
 * transaction and the engine's offset reader finds them on restart.
 */
public final class OffsetCodec {

    private final String namespace;
    private final JsonConverter keyConverter = new JsonConverter();
    private final JsonConverter valueConverter = new JsonConverter();

    public OffsetCodec(String namespace) {
        this.namespace = namespace;
        keyConverter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), true);
        valueConverter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), false);
    }

    public String key(Map<String, ?> partition) {
        return new String(
                keyConverter.fromConnectData(namespace, null, Arrays.asList(namespace, partition)),
                StandardCharsets.UTF_8);
    }

    public String value(Map<String, ?> offset) {
        return new String(valueConverter.fromConnectData(namespace, null, offset), StandardCharsets.UTF_8);
    }

    /** Whether two serialised keys name the same partition, whatever the order of their fields. */
    boolean sameKey(byte[] one, byte[] other) {
        Object a = keyConverter.toConnectData(namespace, one).value();
        Object b = keyConverter.toConnectData(namespace, other).value();
        return a != null && a.equals(b);
    }
}
