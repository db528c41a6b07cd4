package dev.molt.replicator.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetScopeTests {

    @Test
    void closeWholeNumberKeysAreReadAsOneRangeFromTheLeastToTheGreatest() {
        assertThat(TargetScope.KeyRange.dense(List.of(12L, 10L, 11L, 14L))).hasValueSatisfying(range -> {
            assertThat(range.least()).isEqualTo(10L);
            assertThat(range.greatest()).isEqualTo(14L);
            assertThat(range.keys()).containsExactlyInAnyOrder(10L, 11L, 12L, 14L);
        });
        assertThat(TargetScope.KeyRange.dense(List.of(7))).isPresent();
    }

    @Test
    void keysSpreadOverMoreThanTwiceTheirNumberTextKeysAndRangesThatOverflowAreReadOneByOne() {
        assertThat(TargetScope.KeyRange.dense(List.of(1L, 2L, 100L))).isEmpty();
        assertThat(TargetScope.KeyRange.dense(List.of("a", "b"))).isEmpty();
        assertThat(TargetScope.KeyRange.dense(List.of(Long.MIN_VALUE, Long.MAX_VALUE)))
                .isEmpty();
    }
}
