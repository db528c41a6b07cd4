package dev.molt.replicator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.pipeline.PipelineState;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.pipeline.ReplicationPipelines;
import dev.molt.replicator.support.ShopDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SchemaChangeIntegrationTests {

    static final ShopDatabases shop = ShopDatabases.create("ddl");

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        shop.register(registry);
    }

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
        assertThat(shop.countSeafood()).isEqualTo(1);
        forward.stop();
    }
}
