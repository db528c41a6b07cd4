package dev.molt.cutover.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.cutover.play.Ledger.Expected;
import dev.molt.cutover.play.WriteCheck.Row;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteCheckTests {

    private static final Expected SQUID_AT_3 = new Expected("squid", 1200, 7, "Ulleung", 3, false);
    private static final Row ROW_AT_3 = new Row("squid", 1200, 7, "Ulleung", 3);

    @Test
    void aRowWithTheLastAcknowledgedStatePasses() {
        assertThat(WriteCheck.compare("NEW", Map.of(1L, ROW_AT_3), Map.of(1L, SQUID_AT_3), true))
                .isEmpty();
    }

    @Test
    void aMissingRowIsALostWriteOnlyWhenTheLoadHasStopped() {
        assertThat(WriteCheck.compare("NEW", Map.of(), Map.of(1L, SQUID_AT_3), true))
                .containsExactly("NEW: squid 1 (version 3) is missing");
        assertThat(WriteCheck.compare("OLD", Map.of(), Map.of(1L, SQUID_AT_3), false))
                .isEmpty();
    }

    @Test
    void anOlderVersionIsALostWriteEvenWhileTheLoadGoesOn() {
        Row older = new Row("squid", 1200, 7, "Ulleung", 2);

        assertThat(WriteCheck.compare("OLD", Map.of(1L, older), Map.of(1L, SQUID_AT_3), false))
                .containsExactly("OLD: squid 1 is at version 2, the last acknowledged write made it 3");
    }

    @Test
    void aNewerVersionIsFineWhileTheLoadGoesOnButNotAtTheEnd() {
        Row newer = new Row("squid", 1300, 6, "Ulleung", 4);

        assertThat(WriteCheck.compare("OLD", Map.of(1L, newer), Map.of(1L, SQUID_AT_3), false))
                .isEmpty();
        assertThat(WriteCheck.compare("NEW", Map.of(1L, newer), Map.of(1L, SQUID_AT_3), true))
                .containsExactly("NEW: squid 1 is at version 4, the last acknowledged write made it 3");
    }

    @Test
    void theSameVersionWithOtherValuesIsAWrongWrite() {
        Row otherStock = new Row("squid", 1200, 8, "Ulleung", 3);
        Row otherOrigin = new Row("squid", 1200, 7, null, 3);

        assertThat(WriteCheck.compare(
                        "NEW", Map.of(1L, otherStock, 2L, otherOrigin), Map.of(1L, SQUID_AT_3, 2L, SQUID_AT_3), true))
                .hasSize(2)
                .allSatisfy(
                        problem -> assertThat(problem).contains("at version 3 holds", "the acknowledged write said"));
    }

    @Test
    void aDeletedSquidThatIsStillThereIsReported() {
        Expected deleted = new Expected(null, 0, 0, null, 0, true);

        assertThat(WriteCheck.compare("NEW", Map.of(1L, ROW_AT_3), Map.of(1L, deleted), true))
                .containsExactly("NEW: squid 1 was deleted but is there (version 3)");
        assertThat(WriteCheck.compare("NEW", Map.of(), Map.of(1L, deleted), true))
                .isEmpty();
    }

    @Test
    void theLedgerExpectsSeedsWithTheirAdjustmentsAddedAndKeepsCommandsOfUnknownOutcomeApart() {
        Ledger ledger = new Ledger();
        ledger.seed(1, "seed squid 1", 1100, 1000, null);
        ledger.seed(2, "seed squid 2", 1200, 1000, "Ulleung 2");
        ledger.adjusted(1, -3);
        ledger.adjusted(1, 5);
        ledger.wrote(new Squid(10, "mine", 900, 4, null, 2));
        ledger.deleted(11);
        ledger.unknownAdjustment(2, 4);
        ledger.unknownCreate("writer-0 squid 9");

        Map<Long, Expected> expected = ledger.expectations();

        assertThat(expected.get(1L)).isEqualTo(new Expected("seed squid 1", 1100, 1002, null, 3, false));
        assertThat(expected.get(10L)).isEqualTo(new Expected("mine", 900, 4, null, 2, false));
        assertThat(expected.get(11L).deleted()).isTrue();
        assertThat(expected.get(2L)).isEqualTo(new Expected("seed squid 2", 1200, 1000, "Ulleung 2", 1, false));
        assertThat(ledger.unknowns().get(2L).deltas).containsExactly(4);
        assertThat(ledger.acknowledgedWrites()).isEqualTo(4);
        assertThat(ledger.unknownCommands()).isEqualTo(2);
    }
}
