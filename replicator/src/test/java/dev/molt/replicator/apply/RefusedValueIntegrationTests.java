package dev.molt.replicator.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.pipeline.PipelineState;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.pipeline.ReplicationPipelines;
import dev.molt.replicator.support.SharedReplicatorContext;
import dev.molt.replicator.support.SharedShop;
import dev.molt.replicator.support.ShopDatabases;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A value the target cannot hold exactly is never changed on the way: the pipeline stops and
 * names the row and the column. The refused event stays ahead of the reverse pipeline's position
 * until an operator deals with it, so no other test of the shared context runs the reverse
 * pipeline.
 */
@SharedReplicatorContext
class RefusedValueIntegrationTests {

    static final ShopDatabases shop = SharedShop.databases();

    @Autowired
    ReplicationPipelines pipelines;

    @AfterEach
    void stopPipelines() {
        for (ReplicationPipeline pipeline : pipelines.all()) {
            if (pipeline.state() != PipelineState.STOPPED) {
                pipeline.stop();
            }
        }
    }

    @Test
    void aFractionalPriceIsRefusedByTheReversePipelineNamingRowAndColumnInsteadOfRounded() throws Exception {
        ReplicationPipeline reverse = pipelines.get("reverse");
        reverse.start();
        await("reverse streaming")
                .atMost(Duration.ofSeconds(30))
                .until(() -> reverse.state() == PipelineState.STREAMING
                        && reverse.status().caughtUpAt() != null);

        shop.executeNew(
                "INSERT INTO seafood (id, category, display_name, price_amount, stock_quantity, updated_at, version)"
                        + " VALUES (700000, 'SQUID', 'Half won', 12.50, 1, NOW(6), 1)");

        await("reverse failed").atMost(Duration.ofSeconds(20)).until(() -> reverse.state() == PipelineState.FAILED);
        assertThat(reverse.status().reason())
                .contains("id=700000")
                .contains("column price ")
                .contains("12.5");
        assertThat(shop.squidsAsSeafood()).doesNotContainKey(700000L);
        shop.executeNew("DELETE FROM seafood WHERE id = 700000");
    }
}
