package dev.molt.replicator.mapping;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * A Kafka Connect single message transform that runs a {@link RowMapping} over Debezium change
 * events of the mapped source table. Being a plain SMT configured by properties, the very same
 * class runs in the embedded engine ({@code transforms.<name>.type}) and in a Connect cluster.
 *
 * <p>The output is a Debezium-shaped envelope ({@code op}, {@code before}, {@code after},
 * {@code source}, {@code ts_ms}) whose rows are target rows, on the topic of the source with the
 * target table's name as last segment. Where the filter excludes the new image but admitted the
 * old one, the event becomes a delete; where it admits neither, the event is dropped. Events of
 * other tables pass unchanged.
 */
public class MappingTransformation<R extends ConnectRecord<R>> implements Transformation<R> {

    private RowMapping mapping;
    private final Map<Schema, Schema> rowSchemas = new ConcurrentHashMap<>();
    private final Map<Schema, Schema> envelopeSchemas = new ConcurrentHashMap<>();
    private Schema keySchema;

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, String> properties = new HashMap<>();
        configs.forEach((key, value) -> properties.put(key, String.valueOf(value)));
        mapping = RowMapping.of(properties);
    }

    @Override
    public R apply(R record) {
        if (record.value() == null || !isOfSourceTable(record.topic()) || !(record.value() instanceof Struct value)) {
            return record;
        }
        String op = value.getString("op");
        Struct before = value.schema().field("before") == null ? null : value.getStruct("before");
        Struct after = value.schema().field("after") == null ? null : value.getStruct("after");
        Optional<Map<String, Object>> mappedBefore = before == null ? Optional.empty() : mapping.map(asMap(before));
        Optional<Map<String, Object>> mappedAfter = after == null ? Optional.empty() : mapping.map(asMap(after));
        if (mappedAfter.isEmpty() && mappedBefore.isEmpty()) {
            return null;
        }
        Struct sample = after != null ? after : before;
        Schema rowSchema = rowSchemas.computeIfAbsent(sample.schema(), this::targetRowSchema);
        Schema envelopeSchema =
                envelopeSchemas.computeIfAbsent(value.schema().field("source").schema(), s -> envelope(rowSchema, s));
        String mappedOp = mappedAfter.isEmpty() ? "d" : (mappedBefore.isEmpty() && "u".equals(op) ? "c" : op);
        Struct targetBefore = mappedBefore.map(row -> toStruct(rowSchema, row)).orElse(null);
        Struct targetAfter = mappedAfter.map(row -> toStruct(rowSchema, row)).orElse(null);
        Struct envelope = new Struct(envelopeSchema)
                .put("op", mappedOp)
                .put("before", targetBefore)
                .put("after", targetAfter)
                .put("source", value.get("source"));
        if (value.schema().field("ts_ms") != null) {
            envelope.put("ts_ms", value.get("ts_ms"));
        }
        Struct keyRow = targetAfter != null ? targetAfter : targetBefore;
        Struct key = new Struct(keySchema()).put(mapping.targetKey(), keyRow.get(mapping.targetKey()));
        return record.newRecord(
                targetTopic(record.topic()),
                record.kafkaPartition(),
                key.schema(),
                key,
                envelopeSchema,
                envelope,
                record.timestamp());
    }

    private boolean isOfSourceTable(String topic) {
        return topic != null && topic.endsWith("." + mapping.sourceTable());
    }

    private String targetTopic(String topic) {
        return topic.substring(0, topic.length() - mapping.sourceTable().length()) + mapping.targetTable();
    }

    private static Map<String, Object> asMap(Struct struct) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Field field : struct.schema().fields()) {
            // without the schema's default: Connect's get() would turn a NULL into the column's DEFAULT
            row.put(field.name(), struct.getWithoutDefault(field.name()));
        }
        return row;
    }

    private Schema targetRowSchema(Schema sourceRow) {
        SchemaBuilder builder =
                SchemaBuilder.struct().name(mapping.targetTable() + ".Value").optional();
        Map<String, Schema> sourceColumns = new LinkedHashMap<>();
        sourceRow.fields().forEach(f -> sourceColumns.put(f.name(), f.schema()));
        Map<String, String> sourceOf = new LinkedHashMap<>();
        mapping.columns().forEach((source, target) -> sourceOf.put(target, source));
        for (String target : mapping.targetColumns()) {
            String source = sourceOf.get(target);
            builder.field(
                    target,
                    source != null && sourceColumns.containsKey(source)
                            ? sourceColumns.get(source)
                            : Schema.OPTIONAL_STRING_SCHEMA);
        }
        return builder.build();
    }

    private Schema keySchema() {
        if (keySchema == null) {
            keySchema = SchemaBuilder.struct()
                    .name(mapping.targetTable() + ".Key")
                    .field(mapping.targetKey(), Schema.OPTIONAL_INT64_SCHEMA)
                    .build();
        }
        return keySchema;
    }

    private Schema envelope(Schema row, Schema source) {
        return SchemaBuilder.struct()
                .name(mapping.targetTable() + ".Envelope")
                .field("before", row)
                .field("after", row)
                .field("source", source)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    private static Struct toStruct(Schema schema, Map<String, Object> row) {
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
            struct.put(field, coerce(row.get(field.name()), field.schema()));
        }
        return struct;
    }

    /** Constants and defaults are configured as text; they take the type of the column they fill. */
    private static Object coerce(Object value, Schema schema) {
        if (!(value instanceof String text) || schema.type() == Schema.Type.STRING) {
            return value;
        }
        return switch (schema.type()) {
            case INT8 -> Byte.valueOf(text);
            case INT16 -> Short.valueOf(text);
            case INT32 -> Integer.valueOf(text);
            case INT64 -> Long.valueOf(text);
            case FLOAT32 -> Float.valueOf(text);
            case FLOAT64 -> Double.valueOf(text);
            case BOOLEAN -> Boolean.valueOf(text);
            case BYTES -> new BigDecimal(text);
            default -> value;
        };
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define("source.table", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "the source table")
                .define("target.table", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "the target table")
                .define("columns", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "source:target column pairs");
    }

    @Override
    public void close() {}
}
