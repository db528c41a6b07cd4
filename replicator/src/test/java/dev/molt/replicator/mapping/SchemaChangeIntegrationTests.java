package dev.molt.replicator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.pipeline.PipelineState;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.pipeline.ReplicationPipelines;
import dev.molt.replicator.support.SharedReplicatorContext;
import dev.molt.replicator.support.SharedShop;
import dev.molt.replicator.support.ShopDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A mapped column dropped on the source stops the pipeline naming it. The failed event stays
 * ahead of the forward pipeline's position, so no other test of the shared context runs the
 * forward pipeline; the column is added back for them.
 */
@SharedReplicatorContext
class SchemaChangeIntegrationTests {

    static final ShopDatabases shop = SharedShop.databases();

    @Autowired
    ReplicationPipelines pipelines;

    @Test
    void droppingAMappedColumnStopsThePipelineWithAnErrorNamingTheColumn() throws Exception {
        long before = shop.insertSquid("Before", 100, 1, "East Sea");
        ReplicationPipeline forward = pipelines.get("forward");
        forward.start();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(shop.squidSeafood()).containsKey(before));

        shop.executeOld("ALTER TABLE squid DROP COLUMN origin");
        shop.executeOld(
                "INSERT INTO squid (name, price, stock, updated_at, version) VALUES ('After', 1, 1, NOW(6), 1)");

        await("pipeline failed").atMost(Duration.ofSeconds(20)).until(() -> forward.state() == PipelineState.FAILED);
        assertThat(forward.status().reason()).contains("'origin'").contains("squid");
        assertThat(shop.queryNew("SELECT COUNT(*) FROM seafood WHERE display_name = 'After'"))
                .isEqualTo("0");
        assertThat(shop.squidSeafood()).containsOnlyKeys(before);
        forward.stop();
        shop.executeOld("ALTER TABLE squid ADD COLUMN origin VARCHAR(100) NULL AFTER stock");
    }
}
