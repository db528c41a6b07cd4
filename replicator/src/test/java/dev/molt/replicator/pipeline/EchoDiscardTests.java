package dev.molt.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Which rows of a captured batch pass, by the mode in force and a mode asked from a beat. */
class EchoDiscardTests {

    private static final Schema BEAT = SchemaBuilder.struct()
            .field("pipeline", Schema.STRING_SCHEMA)
            .field("slot", Schema.INT32_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("written_at", Schema.INT64_SCHEMA)
            .build();
    private static final Schema ENVELOPE = SchemaBuilder.struct()
            .field("op", Schema.STRING_SCHEMA)
            .field("after", BEAT)
            .build();

    private final EchoDiscard echoes = new EchoDiscard("reverse", "squid");

    @Test
    void aModeAskedFromABeatLeavesTheRowsBeforeItInTheModeBeforeAndAppliesTheRowsAfterIt() {
        echoes.mode(ApplyMode.DISCARD);
        echoes.modeFromBeat(7, ApplyMode.APPLY);
        SourceRecord echo = row(1);
        SourceRecord earlierBeat = beat("reverse", 6);
        SourceRecord mark = beat("reverse", 7);
        SourceRecord write = row(2);

        List<SourceRecord> passed = echoes.pass(List.of(echo, earlierBeat, mark, write));

        assertThat(passed).containsExactly(earlierBeat, mark, write);
        assertThat(echoes.discarded()).isEqualTo(1);
        assertThat(echoes.mode()).isEqualTo(ApplyMode.APPLY);
        assertThat(echoes.fromBeat()).isNull();
    }

    @Test
    void untilItsBeatComesTheModeAskedIsShownWhileTheModeBeforeStaysInForce() {
        echoes.mode(ApplyMode.DISCARD);
        echoes.modeFromBeat(7, ApplyMode.APPLY);

        List<SourceRecord> passed = echoes.pass(List.of(row(1), beat("forward", 9), row(2)));

        assertThat(passed)
                .hasSize(1)
                .allSatisfy(record -> assertThat(record.topic()).endsWith("molt_heartbeat"));
        assertThat(echoes.mode()).as("what was asked").isEqualTo(ApplyMode.APPLY);
        assertThat(echoes.modeInForce()).isEqualTo(ApplyMode.DISCARD);
        assertThat(echoes.fromBeat()).isEqualTo(7);
    }

    @Test
    void aModeSetForTheNextBatchReplacesOneWaitingForItsBeat() {
        echoes.mode(ApplyMode.DISCARD);
        echoes.modeFromBeat(7, ApplyMode.APPLY);
        echoes.mode(ApplyMode.DISCARD);

        assertThat(echoes.pass(List.of(beat("reverse", 7), row(1)))).hasSize(1);
        assertThat(echoes.mode()).isEqualTo(ApplyMode.DISCARD);
        assertThat(echoes.fromBeat()).isNull();
    }

    private static SourceRecord row(long id) {
        return new SourceRecord(null, null, "reverse.shop_old.squid", null, id);
    }

    private static SourceRecord beat(String pipeline, long seq) {
        Struct after = new Struct(BEAT)
                .put("pipeline", pipeline)
                .put("slot", 0)
                .put("seq", seq)
                .put("written_at", 0L);
        Struct envelope = new Struct(ENVELOPE).put("op", "u").put("after", after);
        return new SourceRecord(null, null, "reverse.shop_new.molt_heartbeat", ENVELOPE, envelope);
    }
}
