package dev.molt.replicator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.molt.replicator.capture.Heartbeat;
import dev.molt.replicator.config.ReplicatorProperties.EventFormat;
import dev.molt.replicator.transport.TargetColumns.Column;
import dev.molt.replicator.transport.TargetColumns.Kind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/**
 * Change events written by the real JSON converter in both formats and read back: a compact event
 * must reach the batch applier exactly as the schema-ful one does (same values, same Java types,
 * same temporal schema names), for every type the shop uses and the other common ones.
 */
class ChangeLogReaderTests {

    static final String TOPIC = "molt.forward.changes";

    static final Schema ROW = SchemaBuilder.struct()
            .name("seafood.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("category", Schema.STRING_SCHEMA)
            .field("display_name", Schema.STRING_SCHEMA)
            .field("price_amount", Decimal.builder(2).build())
            .field(
                    "price_currency",
                    SchemaBuilder.string().optional().defaultValue("KRW").build())
            .field("stock_quantity", Schema.INT32_SCHEMA)
            .field("catch_area", Schema.OPTIONAL_STRING_SCHEMA)
            .field("updated_at", micros())
            .field("version", Schema.INT64_SCHEMA)
            .field(
                    "caught_on",
                    SchemaBuilder.int32()
                            .name("io.debezium.time.Date")
                            .optional()
                            .build())
            .field(
                    "caught_at",
                    SchemaBuilder.int64()
                            .name("io.debezium.time.MicroTime")
                            .optional()
                            .build())
            .field(
                    "landed_at",
                    SchemaBuilder.int64()
                            .name("io.debezium.time.Timestamp")
                            .optional()
                            .build())
            .field(
                    "weighed_at",
                    SchemaBuilder.string()
                            .name("io.debezium.time.ZonedTimestamp")
                            .optional()
                            .build())
            .field("tag", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("weight", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("fresh", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .optional()
            .build();

    static final TargetColumns SEAFOOD = new TargetColumns(
            "seafood",
            Map.ofEntries(
                    Map.entry("id", new Column(Kind.BIGINT, 0)),
                    Map.entry("category", new Column(Kind.OTHER, 0)),
                    Map.entry("display_name", new Column(Kind.OTHER, 0)),
                    Map.entry("price_amount", new Column(Kind.DECIMAL, 2)),
                    Map.entry("price_currency", new Column(Kind.OTHER, 0)),
                    Map.entry("stock_quantity", new Column(Kind.INT, 0)),
                    Map.entry("catch_area", new Column(Kind.OTHER, 0)),
                    Map.entry("updated_at", new Column(Kind.TIMESTAMP_MICROS, 0)),
                    Map.entry("version", new Column(Kind.BIGINT, 0)),
                    Map.entry("caught_on", new Column(Kind.DATE, 0)),
                    Map.entry("caught_at", new Column(Kind.TIME, 0)),
                    Map.entry("landed_at", new Column(Kind.TIMESTAMP_MILLIS, 0)),
                    Map.entry("weighed_at", new Column(Kind.TIMESTAMP_MICROS, 0)),
                    Map.entry("tag", new Column(Kind.BINARY, 0)),
                    Map.entry("weight", new Column(Kind.FLOATING, 0)),
                    Map.entry("fresh", new Column(Kind.OTHER, 0))));

    static final Schema SOURCE = SchemaBuilder.struct()
            .name("io.debezium.connector.mariadb.Source")
            .field("db", Schema.STRING_SCHEMA)
            .field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("pos", Schema.INT64_SCHEMA)
            .build();

    final ChangeLogReader reader = new ChangeLogReader(SEAFOOD);

    private static Schema micros() {
        return SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build();
    }

    private static Schema envelopeOf(Schema row) {
        return SchemaBuilder.struct()
                .name("forward.shop_old.squid.Envelope")
                .field("before", row)
                .field("after", row)
                .field("source", SOURCE)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    static Struct aSquid(long id, String name, String price, String origin) {
        return new Struct(ROW)
                .put("id", id)
                .put("category", "SQUID")
                .put("display_name", name)
                .put("price_amount", new BigDecimal(price))
                .put("price_currency", null)
                .put("stock_quantity", 7)
                .put("catch_area", origin)
                .put("updated_at", 1_764_558_245_123_456L)
                .put("version", 3L)
                .put("caught_on", 20_423)
                .put("caught_at", 45_296_000_001L)
                .put("landed_at", 1_764_558_245_123L)
                .put("weighed_at", "2026-12-01T03:04:05.123456Z")
                .put("tag", new byte[] {0, 1, (byte) 0xff})
                .put("weight", 0.1)
                .put("fresh", true);
    }

    static Struct event(String op, String table, Schema rowSchema, Struct before, Struct after) {
        Struct source =
                new Struct(SOURCE).put("db", "shop_old").put("table", table).put("pos", 4L);
        return new Struct(envelopeOf(rowSchema))
                .put("before", before)
                .put("after", after)
                .put("source", source)
                .put("op", op)
                .put("ts_ms", 1_764_558_245_000L);
    }

    private static byte[] written(EventFormat format, Struct event) {
        return new ChangeLogFormat(format).value(TOPIC, event.schema(), event);
    }

    @Test
    void aCompactEventReachesTheApplierAsTheSchemaFulOneDoes() {
        Struct event = event("u", "squid", ROW, null, aSquid(42, "오징어 🦑 \"Ojingeo\"", "9999999999.99", null));

        Struct compact = reader.envelope(TOPIC, written(EventFormat.COMPACT, event));
        Struct withSchema = reader.envelope(TOPIC, written(EventFormat.SCHEMAS, event));

        assertThat(compact.getString("op")).isEqualTo("u");
        assertThat(compact.getStruct("source").getString("table")).isEqualTo("squid");
        Struct row = compact.getStruct("after");
        Struct expected = withSchema.getStruct("after");
        for (Field field : ROW.fields()) {
            Object value = row.get(field.name());
            Object wanted = expected.getWithoutDefault(field.name());
            if (wanted instanceof byte[] bytes) {
                assertThat((byte[]) value).as(field.name()).containsExactly(bytes);
            } else {
                assertThat(value).as(field.name()).isEqualTo(wanted);
                assertThat(value == null ? null : value.getClass())
                        .as(field.name())
                        .isEqualTo(wanted == null ? null : wanted.getClass());
            }
            if (value != null) {
                assertThat(row.schema().field(field.name()).schema().name())
                        .as(field.name())
                        .isEqualTo(
                                expected.schema().field(field.name()).schema().name());
            }
        }
        assertThat(row.get("display_name")).isEqualTo("오징어 🦑 \"Ojingeo\"");
        assertThat(row.get("price_amount")).isEqualTo(new BigDecimal("9999999999.99"));
        assertThat(row.get("updated_at")).isEqualTo(1_764_558_245_123_456L);
        assertThat(row.get("catch_area")).isNull();
        assertThat(row.get("price_currency"))
                .as("a null stays null where the column has a default")
                .isNull();
    }

    @Test
    void aCompactEventIsAboutATenthOfTheSchemaFulOne() {
        Struct event = event("c", "squid", ROW, null, aSquid(42, "Squid", "12.30", "Jeju"));

        int compact = written(EventFormat.COMPACT, event).length;
        int withSchema = written(EventFormat.SCHEMAS, event).length;

        assertThat(compact).isLessThan(withSchema / 4);
        assertThat(new String(written(EventFormat.COMPACT, event), StandardCharsets.UTF_8))
                .doesNotContain("\"schema\"")
                .contains("\"price_amount\":12.30");
    }

    @Test
    void decimalsKeepEveryDigitAndTheirScale() {
        for (String price : new String[] {"0.00", "0.10", "1.05", "123456789.01", "9999999999.99"}) {
            Struct event = event("c", "squid", ROW, null, aSquid(1, "Squid", price, "Jeju"));

            Struct row =
                    reader.envelope(TOPIC, written(EventFormat.COMPACT, event)).getStruct("after");

            assertThat(row.get("price_amount")).as(price).isEqualTo(new BigDecimal(price));
        }
    }

    @Test
    void aWholeNumberIntoADecimalColumnIsReadAsADecimal() {
        Schema squid = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("price_amount", Schema.INT32_SCHEMA)
                .optional()
                .build();
        Struct after = new Struct(squid).put("id", 5L).put("price_amount", 4_000);

        Struct row = reader.envelope(TOPIC, written(EventFormat.COMPACT, event("c", "squid", squid, null, after)))
                .getStruct("after");

        assertThat(row.get("price_amount")).isEqualTo(new BigDecimal("4000"));
    }

    @Test
    void aDeleteCarriesTheRowBefore() {
        Struct event = event("d", "squid", ROW, aSquid(42, "Gone", "1.00", "Jeju"), null);

        Struct envelope = reader.envelope(TOPIC, written(EventFormat.COMPACT, event));

        assertThat(envelope.getString("op")).isEqualTo("d");
        assertThat(envelope.getStruct("before").get("id")).isEqualTo(42L);
        assertThat(envelope.getStruct("before").get("version")).isEqualTo(3L);
    }

    @Test
    void aHeartbeatIsReadWithoutTheTargetsColumns() {
        Schema beat = SchemaBuilder.struct()
                .field("pipeline", Schema.STRING_SCHEMA)
                .field("slot", Schema.INT32_SCHEMA)
                .field("seq", Schema.INT64_SCHEMA)
                .field("written_at", Schema.INT64_SCHEMA)
                .optional()
                .build();
        Struct after = new Struct(beat)
                .put("pipeline", "forward")
                .put("slot", 2)
                .put("seq", 17L)
                .put("written_at", 1_764_558_245_000L);

        for (EventFormat format : EventFormat.values()) {
            Struct envelope = reader.envelope(TOPIC, written(format, event("u", Heartbeat.TABLE, beat, null, after)));

            assertThat(envelope.getStruct("source").getString("table")).isEqualTo(Heartbeat.TABLE);
            assertThat(Heartbeat.beatOf(envelope, "forward"))
                    .as(format.name())
                    .isEqualTo(new Heartbeat.Beat(17, 1_764_558_245_000L, ""));
        }
    }

    @Test
    void rowsOfTheSameShapeShareOneSchema() {
        Struct first = reader.envelope(
                TOPIC, written(EventFormat.COMPACT, event("c", "squid", ROW, null, aSquid(1, "A", "1.00", "Jeju"))));
        Struct second = reader.envelope(
                TOPIC, written(EventFormat.COMPACT, event("c", "squid", ROW, null, aSquid(2, "B", "2.00", "Jeju"))));
        Struct nullOrigin = reader.envelope(
                TOPIC, written(EventFormat.COMPACT, event("c", "squid", ROW, null, aSquid(3, "C", "3.00", null))));

        assertThat(second.schema()).isSameAs(first.schema());
        assertThat(nullOrigin.getStruct("after").get("catch_area")).isNull();
    }

    @Test
    void aColumnTheTargetLacksIsRefusedByName() {
        Schema squid = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("colour", Schema.STRING_SCHEMA)
                .optional()
                .build();
        Struct after = new Struct(squid).put("id", 5L).put("colour", "red");
        byte[] value = written(EventFormat.COMPACT, event("c", "squid", squid, null, after));

        assertThatThrownBy(() -> reader.envelope(TOPIC, value))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("colour")
                .hasMessageContaining("seafood");
    }

    @Test
    void aRecordWithoutAValueIsNoEvent() {
        assertThat(reader.envelope(TOPIC, null)).isNull();
    }

    @Test
    void targetColumnTypesSayHowNumbersAreRead() {
        assertThat(TargetColumns.kindOf("datetime", "datetime(6)", 6)).isEqualTo(Kind.TIMESTAMP_MICROS);
        assertThat(TargetColumns.kindOf("datetime", "datetime(3)", 3)).isEqualTo(Kind.TIMESTAMP_MILLIS);
        assertThat(TargetColumns.kindOf("timestamp", "timestamp", 0)).isEqualTo(Kind.TIMESTAMP_MILLIS);
        assertThat(TargetColumns.kindOf("int", "int(11)", 0)).isEqualTo(Kind.INT);
        assertThat(TargetColumns.kindOf("int", "int(10) unsigned", 0)).isEqualTo(Kind.BIGINT);
        assertThat(TargetColumns.kindOf("bigint", "bigint(20)", 0)).isEqualTo(Kind.BIGINT);
        assertThat(TargetColumns.kindOf("decimal", "decimal(12,2)", 0)).isEqualTo(Kind.DECIMAL);
        assertThat(TargetColumns.kindOf("varchar", "varchar(100)", 0)).isEqualTo(Kind.OTHER);
        assertThat(TargetColumns.kindOf("varbinary", "varbinary(16)", 0)).isEqualTo(Kind.BINARY);
        assertThat(TargetColumns.kindOf("date", "date", 0)).isEqualTo(Kind.DATE);
        assertThat(TargetColumns.kindOf("time", "time(6)", 6)).isEqualTo(Kind.TIME);
    }

    @Test
    void aMappingBetweenTemporalColumnsOfDifferentUnitsIsNamed() {
        TargetColumns squid = new TargetColumns(
                "squid",
                Map.of(
                        "id", new Column(Kind.BIGINT, 0, "bigint"),
                        "updated_at", new Column(Kind.TIMESTAMP_MILLIS, 0, "datetime"),
                        "landed_at", new Column(Kind.TIMESTAMP_MILLIS, 0, "timestamp"),
                        "caught_on", new Column(Kind.DATE, 0, "date")));
        TargetColumns seafood = new TargetColumns(
                "seafood",
                Map.of(
                        "id", new Column(Kind.BIGINT, 0, "bigint"),
                        "updated_at", new Column(Kind.TIMESTAMP_MICROS, 0, "datetime"),
                        "landed_at", new Column(Kind.TIMESTAMP_MICROS, 0, "datetime"),
                        "caught_on", new Column(Kind.DATE, 0, "date")));

        assertThat(seafood.misreadColumns(
                        squid,
                        Map.of(
                                "id",
                                "id",
                                "updated_at",
                                "updated_at",
                                "landed_at",
                                "landed_at",
                                "caught_on",
                                "caught_on")))
                .as("a DATETIME(3) is written in milliseconds; a TIMESTAMP as text")
                .containsExactly("squid.updated_at (TIMESTAMP_MILLIS) into seafood.updated_at (TIMESTAMP_MICROS)");
        assertThat(seafood.misreadColumns(seafood, Map.of("id", "id", "updated_at", "updated_at")))
                .isEmpty();
    }
}
