package dev.molt.replicator.transport;

import dev.molt.replicator.config.ReplicatorProperties.EventFormat;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.ConverterType;

/**
 * Reads a change log record in whichever format it was written, told apart per record: one with
 * its schema is a JSON object with the fields {@code schema} and {@code payload} (the converter
 * writes the schema first), which no bare Debezium envelope has. So a log written in the schema-ful
 * format before an upgrade, or by a Connect worker not yet reconfigured, is still applied.
 */
final class ChangeLogReader {

    private final JsonConverter withSchemas = ChangeLogFormat.converter(EventFormat.SCHEMAS, ConverterType.VALUE);
    private final CompactEvents compact;

    ChangeLogReader(TargetColumns target) {
        this.compact = new CompactEvents(target);
    }

    /** The event's envelope, or null for a record without a value. */
    Struct envelope(String topic, byte[] value) {
        if (value == null) {
            return null;
        }
        Struct envelope = compact.envelope(value);
        if (envelope != null) {
            return envelope;
        }
        return withSchemas.toConnectData(topic, value).value() instanceof Struct withSchema ? withSchema : null;
    }
}
