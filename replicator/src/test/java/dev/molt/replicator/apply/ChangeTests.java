package dev.molt.replicator.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules of the apply: compaction, statement cutting, rounding and error classification. */
class ChangeTests {

    private static Change upsert(long key, long version) {
        return new Change(key, version, false, Map.of("id", key, "version", version));
    }

    private static Change delete(long key, long version) {
        return new Change(key, version, true, Map.of("id", key, "version", version));
    }

    @Test
    void compactionKeepsTheNewestVersionOfARow() {
        assertThat(Change.newer(upsert(1, 3), upsert(1, 2))).isEqualTo(upsert(1, 3));
        assertThat(Change.newer(upsert(1, 2), upsert(1, 3))).isEqualTo(upsert(1, 3));
    }

    @Test
    void compactionLetsADeleteWinAtTheSameVersion() {
        assertThat(Change.newer(upsert(1, 3), delete(1, 3))).isEqualTo(delete(1, 3));
        assertThat(Change.newer(delete(1, 3), upsert(1, 3))).isEqualTo(delete(1, 3));
    }

    @Test
    void refusalNamesTheRowAndItsVersion() {
        assertThat(delete(7, 3).describe("id", "version")).isEqualTo("delete of row id=7 (version 3)");
        assertThat(upsert(7, 3).describe("id", "version")).isEqualTo("row id=7 (version 3)");
    }

    @Test
    void statementsGroupRowsBySharedColumnsAndHoldAThousandRowsAtMost() {
        List<Change> rows = new java.util.ArrayList<>();
        for (long key = 0; key < 2_500; key++) {
            rows.add(upsert(key, 1));
        }
        rows.add(new Change(9_999L, 1, false, Map.of("id", 9_999L)));
        assertThat(ChangeGroups.byColumns(rows)).hasSize(2);
        assertThat(ChangeGroups.chunks(rows)).extracting(List::size).containsExactly(1000, 1000, 501);
    }

    @Test
    void aValueWithMoreDecimalPlacesThanItsColumnIsRefused() {
        Map<String, Integer> scales = Map.of("price", 0, "amount", 2);
        assertThat(RoundingGuard.refusal("PRICE", new BigDecimal("12.50"), scales))
                .isEqualTo("column PRICE holds 0 decimal places, the value 12.50 would be rounded");
        assertThat(RoundingGuard.refusal("price", new BigDecimal("12.00"), scales))
                .isNull();
        assertThat(RoundingGuard.refusal("amount", 12.25, scales)).isNull();
        assertThat(RoundingGuard.refusal("name", new BigDecimal("1.5"), scales)).isNull();
        assertThat(RoundingGuard.refusal("price", "12.5", scales)).isNull();
    }

    @Test
    void outagesAreTransientAndRefusedRowsAreNot() {
        assertThat(TargetErrors.isTransient(new SQLTransientConnectionException("gone")))
                .isTrue();
        assertThat(TargetErrors.isTransient(new SQLException("lock wait timeout", "HY000", 1205)))
                .isTrue();
        assertThat(TargetErrors.isTransient(new SQLException("read only", "HY000", 1290)))
                .isTrue();
        assertThat(TargetErrors.isTransient(new SQLException("link failure", "08S01", 0)))
                .isTrue();
        assertThat(TargetErrors.isTransient(new SQLIntegrityConstraintViolationException("dup", "23000", 1062)))
                .isFalse();
        assertThat(TargetErrors.isTransient(new SQLException("data too long", "22001", 1406)))
                .isFalse();
    }

    @Test
    void aBatchFailureIsClassifiedByItsCause() {
        BatchUpdateException batch = new BatchUpdateException("batch", "HY000", 0, new int[0], null);
        batch.setNextException(new SQLException("deadlock", "40001", 1213));
        assertThat(TargetErrors.isTransient(batch)).isTrue();
    }
}
