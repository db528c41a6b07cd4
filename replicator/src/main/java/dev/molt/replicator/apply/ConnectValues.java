package dev.molt.replicator.apply;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * A Kafka Connect row as the values a JDBC statement binds: Debezium encodes temporal columns as
 * numbers or text (a DATETIME(6) arrives as epoch microseconds), which the target would otherwise
 * store as numbers or refuse.
 */
final class ConnectValues {

    private ConnectValues() {}

    static Map<String, Object> jdbcRow(Struct row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : row.schema().fields()) {
            // without the schema's default: Connect's get() would turn a NULL into the column's DEFAULT
            values.put(field.name(), jdbcValue(row.getWithoutDefault(field.name()), field.schema()));
        }
        return values;
    }

    /** Debezium's temporal encodings back to JDBC types; DATETIME(6) arrives as epoch microseconds. */
    static Object jdbcValue(Object value, Schema schema) {
        if (value == null || schema.name() == null) {
            return value;
        }
        return switch (schema.name()) {
            case "io.debezium.time.MicroTimestamp" -> {
                long micros = (Long) value;
                yield LocalDateTime.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L),
                        (int) Math.floorMod(micros, 1_000_000L) * 1000,
                        ZoneOffset.UTC);
            }
            case "io.debezium.time.Timestamp" ->
                LocalDateTime.ofInstant(Instant.ofEpochMilli((Long) value), ZoneOffset.UTC);
            case "io.debezium.time.NanoTimestamp" -> {
                long nanos = (Long) value;
                yield LocalDateTime.ofEpochSecond(
                        Math.floorDiv(nanos, 1_000_000_000L),
                        (int) Math.floorMod(nanos, 1_000_000_000L),
                        ZoneOffset.UTC);
            }
            case "io.debezium.time.Date" -> LocalDate.ofEpochDay((Integer) value);
            case "io.debezium.time.MicroTime" -> LocalTime.ofNanoOfDay((Long) value * 1000);
            case "io.debezium.time.ZonedTimestamp" -> OffsetDateTime.parse((String) value);
            default -> value;
        };
    }
}
