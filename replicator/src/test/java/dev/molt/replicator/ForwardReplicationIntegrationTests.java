package dev.molt.replicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.pipeline.PipelineState;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.pipeline.ReplicationPipelines;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForwardReplicationIntegrationTests {

    static final ShopDatabases shop = ShopDatabases.create("forward");

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        shop.register(registry);
    }

    @Autowired
    ReplicationPipelines pipelines;

    @AfterEach
    void stopForward() {
        ReplicationPipeline forward = pipelines.get("forward");
        if (forward.state() != PipelineState.STOPPED) {
            forward.stop();
        }
    }

    @Test
    void snapshotThenStreamMakesNewEqualOldThroughTheMapping() throws Exception {
        shop.insertSquids(500);
        long kept = shop.insertSquid("Humboldt", 12000, 3, "Pacific");
        ReplicationPipeline forward = pipelines.get("forward");
        forward.start();
        await("snapshot copied").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(shop.squidSeafood()).hasSize(501));

        long added = shop.insertSquid("Firefly", 800, 10, null);
        shop.updateSquidPrice(kept, 12500);
        shop.deleteSquid(1);

        await("changes streamed").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(shop.squidSeafood()).isEqualTo(shop.squidsAsSeafood()));
        assertThat(shop.squidSeafood()).containsKey(added).doesNotContainKey(1L);
        assertThat(forward.status().snapshot().completed()).isTrue();
        assertThat(forward.status().state()).isEqualTo(PipelineState.STREAMING);
    }
}
