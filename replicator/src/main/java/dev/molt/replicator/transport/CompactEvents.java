package dev.molt.replicator.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.molt.replicator.capture.Heartbeat;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Reads change events written without their schema ({@code schemas.enable=false}) into the
 * envelopes the batch applier takes ({@code op}, {@code before} or {@code after}, {@code
 * source.table}), typing each value by its target column ({@link TargetColumns}): epoch
 * microseconds of a {@code DATETIME(6)} become a {@code MicroTimestamp} again, a decimal stays an
 * exact {@link BigDecimal}. One streaming pass over the bytes, and a schema per shape of row
 * (its columns and which of them are null), built once: what made the schema-ful format slow to
 * read was parsing and comparing the schema of every event.
 */
final class CompactEvents {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Schema NULL = Schema.OPTIONAL_STRING_SCHEMA;
    private static final Schema MILLIS = timestamp("io.debezium.time.Timestamp");
    private static final Schema MICROS = timestamp("io.debezium.time.MicroTimestamp");
    private static final Schema DAYS =
            SchemaBuilder.int32().name("io.debezium.time.Date").optional().build();
    private static final Schema MICROS_OF_DAY =
            SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build();
    private static final Schema ZONED = SchemaBuilder.string()
            .name("io.debezium.time.ZonedTimestamp")
            .optional()
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct()
            .field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .optional()
            .build();

    private final TargetColumns target;
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<Integer, Schema> decimals = new HashMap<>();
    /** A number for each schema a column's value may take, naming it in a shape's key. */
    private final Map<Schema, Integer> codes = new IdentityHashMap<>();

    /** A row's schema and the envelope's around it. */
    private record Shape(Schema row, Schema envelope) {}

    /** A field as read, before it is typed. */
    private record Raw(String name, JsonToken token, Object value) {}

    CompactEvents(TargetColumns target) {
        this.target = target;
    }

    private static Schema timestamp(String name) {
        return SchemaBuilder.int64().name(name).optional().build();
    }

    /**
     * The envelope of a compact event, or null where the record carries its schema ({@code schema}
     * and {@code payload} fields) and so is no compact event.
     *
     * @throws DataException where the bytes are no change event, or a value does not fit its column
     */
    Struct envelope(byte[] value) {
        String op = null;
        String table = null;
        List<Raw> before = null;
        List<Raw> after = null;
        try (JsonParser parser = JSON.createParser(value)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "schema", "payload" -> {
                        return null;
                    }
                    case "op" -> op = parser.getText();
                    case "before" -> before = token == JsonToken.START_OBJECT ? row(parser) : null;
                    case "after" -> after = token == JsonToken.START_OBJECT ? row(parser) : null;
                    case "source" -> table = token == JsonToken.START_OBJECT ? table(parser) : null;
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new DataException("a change log record is no JSON change event: " + e.getMessage(), e);
        }
        if (op == null) {
            throw new DataException("a change log record has no op");
        }
        boolean delete = "d".equals(op);
        List<Raw> image = delete ? before : after;
        if (image == null) {
            throw new DataException("a change log record with op " + op + " has no " + (delete ? "before" : "after"));
        }
        TargetColumns columns = Heartbeat.TABLE.equals(table) ? TargetColumns.NONE : target;
        Object[] values = new Object[image.size()];
        Schema[] schemas = new Schema[image.size()];
        StringBuilder key = new StringBuilder(image.size() * 16);
        for (int i = 0; i < image.size(); i++) {
            Raw raw = image.get(i);
            TargetColumns.Column column = null;
            if (columns != TargetColumns.NONE) {
                column = columns.column(raw.name());
                if (column == null) {
                    throw new DataException("the change log names column " + raw.name() + ", which target table "
                            + target.table() + " does not have");
                }
            }
            values[i] = typed(raw, column);
            schemas[i] = schemaOf(values[i], raw, column);
            int code = codes.computeIfAbsent(schemas[i], schema -> codes.size());
            key.append(raw.name()).append('\u0000').append(code).append(';');
        }
        Shape shape = shapes.computeIfAbsent(key.toString(), k -> shape(image, schemas));
        Struct row = new Struct(shape.row());
        for (int i = 0; i < values.length; i++) {
            row.put(image.get(i).name(), values[i]);
        }
        Struct envelope = new Struct(shape.envelope()).put("op", op);
        envelope.put("source", new Struct(SOURCE).put("table", table));
        envelope.put(delete ? "before" : "after", row);
        return envelope;
    }

    private static Shape shape(List<Raw> image, Schema[] schemas) {
        SchemaBuilder row = SchemaBuilder.struct().optional();
        for (int i = 0; i < schemas.length; i++) {
            row.field(image.get(i).name(), schemas[i]);
        }
        Schema rowSchema = row.build();
        Schema envelope = SchemaBuilder.struct()
                .field("op", Schema.STRING_SCHEMA)
                .field("source", SOURCE)
                .field("before", rowSchema)
                .field("after", rowSchema)
                .build();
        return new Shape(rowSchema, envelope);
    }

    private static List<Raw> row(JsonParser parser) throws IOException {
        List<Raw> fields = new ArrayList<>(16);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            Object value = switch (token) {
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT ->
                    parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            ? parser.getDecimalValue()
                            : parser.getLongValue();
                case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default ->
                    throw new DataException("column " + name + " holds a structured value, which the compact"
                            + " format does not carry: use the schemas format");
            };
            fields.add(new Raw(name, token, value));
        }
        return fields;
    }

    private static String table(JsonParser parser) throws IOException {
        String table = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if ("table".equals(name) && token == JsonToken.VALUE_STRING) {
                table = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return table;
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new DataException("a change log record is no JSON object");
        }
    }

    /** The value as the schema-ful format would have carried it to the batch applier. */
    private static Object typed(Raw raw, TargetColumns.Column column) {
        Object value = raw.value();
        if (value == null || column == null) {
            return value;
        }
        if (value instanceof Long number) {
            return switch (column.kind()) {
                case INT -> number == number.intValue() ? (Object) number.intValue() : number;
                case DATE -> Math.toIntExact(number);
                case DECIMAL -> BigDecimal.valueOf(number);
                default -> number;
            };
        }
        if (value instanceof BigDecimal number && column.kind() == TargetColumns.Kind.FLOATING) {
            return number.doubleValue();
        }
        if (value instanceof String text && column.kind() == TargetColumns.Kind.BINARY) {
            return Base64.getDecoder().decode(text);
        }
        return value;
    }

    private Schema schemaOf(Object value, Raw raw, TargetColumns.Column column) {
        if (value == null) {
            return NULL;
        }
        TargetColumns.Kind kind = column == null ? TargetColumns.Kind.OTHER : column.kind();
        if (raw.token() == JsonToken.VALUE_NUMBER_INT && value instanceof Long) {
            switch (kind) {
                case TIMESTAMP_MILLIS:
                    return MILLIS;
                case TIMESTAMP_MICROS:
                    return MICROS;
                case TIME:
                    return MICROS_OF_DAY;
                default:
                    return Schema.OPTIONAL_INT64_SCHEMA;
            }
        }
        if (raw.token() == JsonToken.VALUE_STRING
                && (kind == TargetColumns.Kind.TIMESTAMP_MILLIS || kind == TargetColumns.Kind.TIMESTAMP_MICROS)) {
            return ZONED;
        }
        if (value instanceof Integer) {
            return kind == TargetColumns.Kind.DATE ? DAYS : Schema.OPTIONAL_INT32_SCHEMA;
        }
        if (value instanceof BigDecimal number) {
            return decimals.computeIfAbsent(column == null ? number.scale() : column.scale(), CompactEvents::decimal);
        }
        if (value instanceof Double) {
            return Schema.OPTIONAL_FLOAT64_SCHEMA;
        }
        if (value instanceof Boolean) {
            return Schema.OPTIONAL_BOOLEAN_SCHEMA;
        }
        if (value instanceof byte[]) {
            return Schema.OPTIONAL_BYTES_SCHEMA;
        }
        return Schema.OPTIONAL_STRING_SCHEMA;
    }

    private static Schema decimal(int scale) {
        return Decimal.builder(scale).optional().build();
    }
}
