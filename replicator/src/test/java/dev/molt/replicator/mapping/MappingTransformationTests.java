package dev.molt.replicator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class MappingTransformationTests {

    /** A source column as Debezium describes it: nullable, with the table's DEFAULT in its schema. */
    private static final Schema ROW = SchemaBuilder.struct()
            .name("old.squid.Value")
            .optional()
            .field("id", Schema.INT64_SCHEMA)
            .field(
                    "catch_area",
                    SchemaBuilder.string().optional().defaultValue("East Sea").build())
            .field("version", Schema.INT64_SCHEMA)
            .build();

    private static final Schema SOURCE = SchemaBuilder.struct()
            .name("source")
            .field("db", Schema.STRING_SCHEMA)
            .build();

    private static final Schema ENVELOPE = SchemaBuilder.struct()
            .name("old.squid.Envelope")
            .field("before", ROW)
            .field("after", ROW)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();

    @Test
    void aNullInAColumnWithADefaultStaysNullInTheTargetRow() {
        MappingTransformation<SourceRecord> transformation = new MappingTransformation<>();
        transformation.configure(
                Map.of("source.table", "squid", "target.table", "seafood", "columns", "id,catch_area,version"));
        Struct after = new Struct(ROW).put("id", 7L).put("catch_area", null).put("version", 3L);
        Struct value = new Struct(ENVELOPE)
                .put("after", after)
                .put("source", new Struct(SOURCE).put("db", "old"))
                .put("op", "c");

        SourceRecord mapped = transformation.apply(
                new SourceRecord(Map.of(), Map.of(), "molt.old.squid", null, null, ENVELOPE, value));

        Struct row = ((Struct) mapped.value()).getStruct("after");
        assertThat(row.getWithoutDefault("catch_area"))
                .as("the source's NULL, not the column's default")
                .isNull();
        assertThat(row.getInt64("id")).isEqualTo(7L);
    }
}
