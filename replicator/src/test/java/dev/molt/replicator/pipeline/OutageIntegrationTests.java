package dev.molt.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.support.ShopDatabases;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.RestartableDatabaseServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    final List<ReplicationPipelines> replicators = new ArrayList<>();

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
        replicators.stream().filter(ReplicationPipelines::isRunning).forEach(ReplicationPipelines::stop);
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

    /**
     * A replicator restarted while the target is down: the wanted state cannot be read yet, so the
     * pipeline waits, a start through the API is refused (the state cannot be stored) and changes
     * nothing, and once the target is back the pipeline resumes by itself. A stored STOPPED then
     * wins over auto-start, and the stored apply mode comes back with it.
     */
    @Test
    void aRestartWhileTheTargetIsDownWaitsForItAndResumesTheWantedStateByItself() throws Exception {
        ShopDatabases shop =
                ShopDatabases.of(DatabaseServer.newDatabase("wanted_old"), dedicated.database("wanted_new"));
        ReplicationPipelines first = replicator(shop, false);
        first.start("forward");
        await("forward streaming")
                .atMost(Duration.ofSeconds(60))
                .until(() -> first.get("forward").state() == PipelineState.STREAMING);
        first.stop();

        dedicated.shutDown();
        ReplicationPipelines second = replicator(shop, false);
        assertThat(second.status("forward").wanted()).isNull();
        assertThatThrownBy(() -> second.start("forward"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("could not store the wanted state RUNNING of pipeline forward");
        assertThat(second.get("forward").state()).isEqualTo(PipelineState.STOPPED);
        long written = shop.insertSquid("Written while the replicator was down", 500, 5, null);
        dedicated.startAgain();

        await("forward streaming by itself once the target is back")
                .atMost(Duration.ofSeconds(60))
                .until(() -> second.get("forward").state() == PipelineState.STREAMING
                        && second.status("forward").wanted() == WantedState.RUNNING);
        awaitNewEqualsOld(shop);
        assertThat(shop.squidSeafood()).containsKey(written);
        second.applyMode("forward", ApplyMode.DISCARD);
        second.stop("forward");
        second.stop();

        ReplicationPipelines third = replicator(shop, true);
        assertThat(third.status("forward").wanted()).isEqualTo(WantedState.STOPPED);
        assertThat(third.get("forward").state()).isEqualTo(PipelineState.STOPPED);
        assertThat(third.status("forward").applyMode())
                .as("the apply mode comes back with the wanted state")
                .isEqualTo(ApplyMode.DISCARD);
    }

    /** A replicator process's pipelines (forward only), started as the application starts them. */
    private ReplicationPipelines replicator(ShopDatabases shop, boolean autoStart) {
        ReplicatorProperties.Pipeline p = shop.forwardPipeline(2048);
        ReplicationPipelines replicator = new ReplicationPipelines(
                new ReplicatorProperties(Map.of(
                        "forward",
                        new ReplicatorProperties.Pipeline(
                                p.source(),
                                p.target(),
                                p.mapping(),
                                autoStart,
                                p.snapshot(),
                                p.serverId(),
                                p.batchSize(),
                                p.pollInterval(),
                                p.heartbeatInterval(),
                                p.retry(),
                                p.schemaHistoryFile(),
                                p.transport(),
                                p.kafka(),
                                p.tuning(),
                                p.copy()))),
                new SimpleMeterRegistry());
        replicators.add(replicator);
        replicator.start();
        return replicator;
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
