package dev.molt.replicator.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChunkSizerTests {

    static final long TARGET = Duration.ofMillis(100).toNanos();

    @Test
    void aQuickChunkGrowsTheNextAtMostTwofold() {
        ChunkSizer sizer = new ChunkSizer(1000, TARGET, 20_000);

        assertThat(sizer.took(Duration.ofMillis(80).toNanos())).isEqualTo(1250);
        assertThat(sizer.took(Duration.ofMillis(1).toNanos())).isEqualTo(2500);
    }

    @Test
    void aSlowChunkShrinksTheNextAtMostByHalf() {
        ChunkSizer sizer = new ChunkSizer(1000, TARGET, 20_000);

        assertThat(sizer.took(Duration.ofMillis(125).toNanos())).isEqualTo(800);
        assertThat(sizer.took(Duration.ofSeconds(30).toNanos())).isEqualTo(400);
    }

    @Test
    void sizesStayWithinTheBounds() {
        ChunkSizer sizer = new ChunkSizer(50, TARGET, 3000);
        assertThat(sizer.rows()).isEqualTo(ChunkSizer.MIN_ROWS);

        for (int i = 0; i < 10; i++) {
            sizer.took(1);
        }
        assertThat(sizer.rows()).isEqualTo(3000);
        for (int i = 0; i < 20; i++) {
            sizer.took(Duration.ofSeconds(1).toNanos());
        }
        assertThat(sizer.rows()).isEqualTo(ChunkSizer.MIN_ROWS);
    }
}
