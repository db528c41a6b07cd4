package dev.molt.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.support.ShopDatabases;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.RestartableDatabaseServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Database outages while a pipeline streams: a server of the test's own is shut down and started
 * again on the same port and data, as OLD in one test and as NEW in the other. Nothing may be
 * lost or skipped; an unreachable target must show in the status.
 */
class OutageIntegrationTests {

    static RestartableDatabaseServer dedicated;

    final List<ReplicationPipeline> pipelines = new ArrayList<>();

    @BeforeAll
    static void startDedicatedServer() {
        dedicated = RestartableDatabaseServer.start("molt-outage");
    }

    @AfterAll
    static void stopDedicatedServer() {
        dedicated.close();
    }

    @AfterEach
    void closePipelines() {
        pipelines.forEach(ReplicationPipeline::close);
        dedicated.startAgain();
    }

    @Test
    void oldServerRestartedMidStreamIsReconnectedAndCaughtUp() throws Exception {
        ShopDatabases shop =
                ShopDatabases.of(dedicated.database("restart_old"), DatabaseServer.newDatabase("restart_new"));
        shop.insertSquids(200);
        ReplicationPipeline forward = streaming(shop);
        long before = shop.insertSquid("Before the restart", 1000, 1, null);
        awaitNewEqualsOld(shop);

        dedicated.shutDown();
        await("the pipeline notices the source is gone")
                .atMost(Duration.ofSeconds(30))
                .until(() -> forward.state() == PipelineState.RETRYING
                        || forward.status().lagMillis() > 1000);
        dedicated.startAgain();

        long after = shop.insertSquid("After the restart", 2000, 2, "Jeju");
        shop.updateSquidPrice(before, 1100);
        shop.deleteSquid(5);
        awaitNewEqualsOld(shop);
        await("streaming again").atMost(Duration.ofSeconds(30)).until(() -> forward.state() == PipelineState.STREAMING);
        assertThat(shop.squidSeafood()).containsKey(after).doesNotContainKey(5L);
        assertThat(forward.drain(Duration.ofSeconds(10)).sourcePosition()).isNotBlank();
    }

    @Test
    void unreachableTargetIsRetriedWithBackOffShownInStatusAndLosesNothing() throws Exception {
        ShopDatabases shop =
                ShopDatabases.of(DatabaseServer.newDatabase("outage_old"), dedicated.database("outage_new"));
        shop.insertSquids(200);
        ReplicationPipeline forward = streaming(shop);
        awaitNewEqualsOld(shop);

        dedicated.shutDown();
        long written = shop.insertSquid("Written while NEW is down", 3000, 3, "Ulleung");
        shop.updateSquidPrice(7, 7777);
        shop.deleteSquid(8);

        await("status says the target is retried")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    PipelineStatus status = forward.status();
                    assertThat(status.state()).isEqualTo(PipelineState.RETRYING);
                    assertThat(status.reason()).contains("target unreachable");
                });
        dedicated.startAgain();

        awaitNewEqualsOld(shop);
        await("streaming again").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(forward.state()).isEqualTo(PipelineState.STREAMING);
            assertThat(forward.status().reason()).isNull();
        });
        assertThat(shop.squidSeafood()).containsKey(written).doesNotContainKey(8L);
    }

    private ReplicationPipeline streaming(ShopDatabases shop) {
        ReplicationPipeline forward =
                new ReplicationPipeline("forward", shop.forwardPipeline(2048), new SimpleMeterRegistry());
        pipelines.add(forward);
        forward.start();
        await("forward streaming")
                .atMost(Duration.ofSeconds(60))
                .until(() -> forward.state() == PipelineState.STREAMING
                        && forward.status().caughtUpAt() != null);
        return forward;
    }

    private static void awaitNewEqualsOld(ShopDatabases shop) {
        await("NEW equals OLD through the mapping")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(shop.differences()).isEmpty());
    }
}
