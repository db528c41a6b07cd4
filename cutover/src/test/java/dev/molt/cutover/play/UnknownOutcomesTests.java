package dev.molt.cutover.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.cutover.play.Ledger.Expected;
import dev.molt.cutover.play.WriteCheck.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnknownOutcomesTests {

    private static final Expected SEED_AT_3 = new Expected("seed squid 1", 1100, 1000, null, 3, false);

    @Test
    void anAdjustmentOfUnknownOutcomeMayBeAppliedOnceOrNotAtAll() {
        Ledger.Unknown unknown = adjustments(5, -2);

        assertThat(check(new Row("seed squid 1", 1100, 1000, null, 3), unknown)).isEmpty();
        assertThat(check(new Row("seed squid 1", 1100, 998, null, 4), unknown)).isEmpty();
        assertThat(check(new Row("seed squid 1", 1100, 1003, null, 5), unknown)).isEmpty();
    }

    @Test
    void anAdjustmentAppliedTwiceIsReported() {
        Ledger.Unknown unknown = adjustments(5);

        assertThat(check(new Row("seed squid 1", 1100, 1010, null, 5), unknown))
                .singleElement()
                .asString()
                .contains("squid 1 at version 5", "1 command(s) of unknown outcome cannot explain");
    }

    @Test
    void aStockThatNoChoiceOfTheAdjustmentsExplainsIsReported() {
        Ledger.Unknown unknown = adjustments(5, -2);

        assertThat(check(new Row("seed squid 1", 1100, 1001, null, 4), unknown)).hasSize(1);
    }

    @Test
    void aReplaceOfUnknownOutcomeShowsAsOneVersionMoreWithItsName() {
        Ledger.Unknown unknown = new Ledger.Unknown();
        unknown.replacedBy = "writer-0 squid 12";

        assertThat(check(new Row("writer-0 squid 12", 4000, 3, "Jeju 1", 4), unknown))
                .isEmpty();
        assertThat(check(new Row("seed squid 1", 1100, 1000, null, 3), unknown)).isEmpty();
        assertThat(check(new Row("writer-0 squid 12", 4000, 3, "Jeju 1", 5), unknown))
                .hasSize(1);
    }

    @Test
    void aDeleteOfUnknownOutcomeMayHaveRemovedTheRow() {
        Ledger.Unknown unknown = new Ledger.Unknown();
        unknown.deleteTried = true;

        assertThat(check(null, unknown)).isEmpty();
        assertThat(check(null, adjustments(1))).containsExactly("NEW: squid 1 (version 3) is missing");
    }

    @Test
    void aNameFoundTwiceIsACreateAppliedTwice() {
        List<Row> rows = List.of(
                new Row("writer-0 squid 1", 1000, 1, null, 1),
                new Row("writer-0 squid 1", 1000, 1, null, 1),
                new Row("writer-0 squid 2", 1000, 1, null, 1));

        assertThat(UnknownOutcomes.createdTwice("NEW", rows))
                .containsExactly("NEW: 'writer-0 squid 1' exists 2 times: a create applied more than once");
    }

    @Test
    void theSumsOfExactlySoManyAdjustments() {
        assertThat(UnknownOutcomes.sums(List.of(1, 2, 4), 2)).containsExactlyInAnyOrder(3, 5, 6);
        assertThat(UnknownOutcomes.sums(List.of(1, 2, 4), 0)).containsExactly(0);
    }

    private static List<String> check(Row row, Ledger.Unknown unknown) {
        return WriteCheck.compare(
                "NEW", row == null ? Map.of() : Map.of(1L, row), Map.of(1L, SEED_AT_3), Map.of(1L, unknown), true);
    }

    private static Ledger.Unknown adjustments(int... deltas) {
        Ledger.Unknown unknown = new Ledger.Unknown();
        for (int delta : deltas) {
            unknown.deltas.add(delta);
        }
        return unknown;
    }
}
