package dev.molt.replicator.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class ConnectValuesTests {

    @Test
    void aNullInAColumnWithADefaultIsBoundAsNullNotAsTheDefault() {
        Schema row = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field(
                        "catch_area",
                        SchemaBuilder.string()
                                .optional()
                                .defaultValue("East Sea")
                                .build())
                .build();

        var values = ConnectValues.jdbcRow(new Struct(row).put("id", 7L).put("catch_area", null));

        assertThat(values).containsEntry("id", 7L).containsKey("catch_area");
        assertThat(values.get("catch_area")).isNull();
    }

    @Test
    void aMicroTimestampBecomesTheLocalDateTimeItEncodes() {
        Schema micros =
                SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build();

        assertThat(ConnectValues.jdbcValue(1_700_000_000_123_456L, micros))
                .isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_456_000));
    }
}
