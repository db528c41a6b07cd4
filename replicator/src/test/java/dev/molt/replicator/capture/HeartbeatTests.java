package dev.molt.replicator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** The one rule by which both transports tell a heartbeat, and the position an event names. */
class HeartbeatTests {

    private static final Schema ROW = SchemaBuilder.struct()
            .field("pipeline", Schema.STRING_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("written_at", Schema.INT64_SCHEMA)
            .optional()
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct()
            .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
            .field("file", Schema.OPTIONAL_STRING_SCHEMA)
            .field("pos", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    private static final Schema ENVELOPE = SchemaBuilder.struct()
            .field("op", Schema.STRING_SCHEMA)
            .field("after", ROW)
            .field("source", SOURCE)
            .build();

    private static Struct event(String op, String pipeline, String gtid) {
        Struct row = new Struct(ROW).put("pipeline", pipeline).put("seq", 42L).put("written_at", 1_000L);
        Struct source = new Struct(SOURCE)
                .put("gtid", gtid)
                .put("file", "binlog.000003")
                .put("pos", 4711L);
        return new Struct(ENVELOPE).put("op", op).put("after", row).put("source", source);
    }

    @Test
    void aBeatOfThisPipelineCarriesItsSequenceAndInstant() {
        Heartbeat.Beat beat = Heartbeat.beatOf(event("u", "forward", null), "forward");
        assertThat(beat.seq()).isEqualTo(42);
        assertThat(beat.writtenAtMillis()).isEqualTo(1_000);
    }

    @Test
    void anotherPipelinesRowOrASnapshotReadIsNoBeat() {
        assertThat(Heartbeat.beatOf(event("u", "reverse", null), "forward")).isNull();
        assertThat(Heartbeat.beatOf(event("r", "forward", null), "forward")).isNull();
    }

    @Test
    void anEventNamesItsGtidOrElseItsBinlogPosition() {
        assertThat(SourcePosition.ofEvent(event("u", "forward", "0-1-130"))).isEqualTo("0-1-130");
        assertThat(SourcePosition.ofEvent(event("u", "forward", null))).isEqualTo("binlog.000003:4711");
        assertThat(SourcePosition.ofEvent(null)).isEmpty();
    }
}
