package dev.molt.replicator.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangeTests {

    @Test
    void rangesCoverEveryKeyFromMinToTheWatermarkOnceInOrder() {
        List<KeyRange> ranges = KeyRange.split(1, 1_000_003, 8);

        assertThat(ranges).hasSize(8);
        assertThat(ranges.get(0).after()).isNull();
        assertThat(ranges.get(7).upTo()).isEqualTo("1000003");
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).after()).isEqualTo(ranges.get(i - 1).upTo());
            assertThat(ranges.get(i).number()).isEqualTo(i);
        }
        assertThat(Long.parseLong(ranges.get(0).upTo())).isEqualTo(125_000);
    }

    @Test
    void fewerKeysThanPartsGiveOneRangePerKey() {
        assertThat(KeyRange.split(5, 7, 8))
                .extracting(KeyRange::after, KeyRange::upTo)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(null, "5"),
                        org.assertj.core.groups.Tuple.tuple("5", "6"),
                        org.assertj.core.groups.Tuple.tuple("6", "7"));
    }

    @Test
    void aRangeResumesAfterItsLastCopiedKey() {
        KeyRange fresh = new KeyRange(3, "300", "400", null, false, 0);
        KeyRange halfway = new KeyRange(3, "300", "400", "350", false, 50);

        assertThat(fresh.resumeAfter()).isEqualTo("300");
        assertThat(halfway.resumeAfter()).isEqualTo("350");
    }

    @Test
    void anEmptyKeyRangeIsRefused() {
        assertThatThrownBy(() -> KeyRange.split(10, 9, 2)).hasMessageContaining("empty key range");
    }
}
