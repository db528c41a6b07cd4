package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.ReplicatorStub;
import dev.molt.gateway.support.RunningGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The gateway holds the replicator's pipelines to what the stage wants, over the replicator's real
 * HTTP contract (the stub): it starts a wanted pipeline that came back STOPPED, stops one that should
 * not run, records only what it did in the history, and shows a pipeline it cannot bring back, with
 * the replicator's reason, in {@code GET /admin/cutover}.
 */
class PipelineReconcilerIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private static final Map<String, Object> RECONCILING = Map.of(
            "molt.gateway.reconcile.enabled",
            true,
            "molt.gateway.reconcile.interval",
            "100ms",
            "molt.gateway.reconcile.attempts",
            2,
            "molt.gateway.reconcile.max-backoff",
            "200ms");

    @Test
    void aForwardPipelineFoundStoppedAtStageThreeIsStartedOnceAndRecorded() {
        ReplicatorStub replicator = fixture.replicator();
        replicator.pipeline("forward").state = "STOPPED";
        RunningGateway gateway = fixture.startAt(3, RECONCILING);

        await().atMost(Duration.ofSeconds(10)).until(() -> replicator.calls().contains("start forward"));
        assertThat(replicator.pipeline("forward").state).isEqualTo("STREAMING");
        await().during(Duration.ofMillis(600))
                .atMost(Duration.ofSeconds(5))
                .until(() -> reconcilerEntries(gateway).size() == 1);
        JsonNode entry = reconcilerEntries(gateway).get(0);
        assertThat(entry.get("action").asText()).isEqualTo("start forward");
        assertThat(entry.get("outcome").asText()).isEqualTo("DONE");
        assertThat(entry.get("from").asInt()).isEqualTo(3);
        assertThat(entry.get("to").asInt()).isEqualTo(3);
        assertThat(entry.get("reason").asText()).contains("forward was STOPPED");
        assertThat(replicator.calls()).doesNotContain("start reverse").containsOnlyOnce("start forward");
        JsonNode forward = pipeline(gateway, "forward");
        assertThat(forward.get("wanted").asBoolean()).isTrue();
        assertThat(forward.get("state").asText()).isEqualTo("STREAMING");
        assertThat(absent(forward.get("notComingBack"))).isTrue();
        assertThat(pipeline(gateway, "reverse").get("wanted").asBoolean()).isFalse();
    }

    @Test
    void aPipelineRunningAtStageOneIsStopped() {
        ReplicatorStub replicator = fixture.replicator();
        replicator.pipeline("forward").state = "STREAMING";
        RunningGateway gateway = fixture.startAt(1, RECONCILING);

        await().atMost(Duration.ofSeconds(10)).until(() -> replicator.calls().contains("stop forward"));
        assertThat(replicator.pipeline("forward").state).isEqualTo("STOPPED");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !reconcilerEntries(gateway).isEmpty());
        assertThat(reconcilerEntries(gateway).get(0).get("action").asText()).isEqualTo("stop forward");
        assertThat(pipeline(gateway, "forward").get("wanted").asBoolean()).isFalse();
    }

    @Test
    void aForwardPipelineStillApplyingAtStageSixIsSetToDiscardTheReverseStreamsEchoes() {
        ReplicatorStub replicator = fixture.replicator();
        replicator.pipeline("forward").state = "STREAMING";
        replicator.pipeline("forward").applyMode = "APPLY";
        replicator.pipeline("reverse").state = "STREAMING";
        replicator.pipeline("reverse").applyMode = "APPLY";
        RunningGateway gateway = fixture.startAt(6, RECONCILING);

        await().atMost(Duration.ofSeconds(10)).until(() -> replicator.calls().contains("apply-mode forward"));
        assertThat(replicator.pipeline("forward").applyMode).isEqualTo("DISCARD");
        assertThat(replicator.pipeline("reverse").applyMode).isEqualTo("APPLY");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !reconcilerEntries(gateway).isEmpty());
        JsonNode entry = reconcilerEntries(gateway).get(0);
        assertThat(entry.get("action").asText()).isEqualTo("discard forward");
        assertThat(entry.get("reason").asText()).contains("forward was STREAMING in APPLY");
        assertThat(replicator.calls()).doesNotContain("apply-mode reverse");
    }

    @Test
    void aStartTheReplicatorRefusesIsShownWithItsReasonAndTriedAgainWithBackOff() {
        ReplicatorStub replicator = fixture.replicator();
        replicator.pipeline("forward").state = "FAILED";
        replicator.pipeline("forward").refuseStart = "the source no longer holds the stored binlog position";
        RunningGateway gateway = fixture.startAt(3, RECONCILING);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !absent(pipeline(gateway, "forward").get("notComingBack")));
        JsonNode forward = pipeline(gateway, "forward");
        assertThat(forward.get("wanted").asBoolean()).isTrue();
        assertThat(forward.get("state").asText()).isEqualTo("FAILED");
        assertThat(forward.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(absent(forward.get("lastAttempt"))).isFalse();
        assertThat(forward.get("notComingBack").asText())
                .contains("start refused")
                .contains("the source no longer holds the stored binlog position");
        JsonNode entry = reconcilerEntries(gateway).get(0);
        assertThat(entry.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(entry.get("reason").asText()).contains("forward was FAILED");

        replicator.pipeline("forward").refuseStart = null;
        await().atMost(Duration.ofSeconds(10))
                .until(() -> pipeline(gateway, "forward").get("state").asText().equals("STREAMING"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> absent(pipeline(gateway, "forward").get("notComingBack")));
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static List<JsonNode> reconcilerEntries(RunningGateway gateway) {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : Json.of(gateway.admin("GET", "/admin/cutover")).get("history")) {
            if ("reconciler".equals(entry.get("actor").asText())) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static JsonNode pipeline(RunningGateway gateway, String name) {
        for (JsonNode pipeline : Json.of(gateway.admin("GET", "/admin/cutover")).get("pipelines")) {
            if (name.equals(pipeline.get("name").asText())) {
                return pipeline;
            }
        }
        throw new AssertionError("no pipeline " + name + " in GET /admin/cutover");
    }
}
