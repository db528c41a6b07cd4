package dev.molt.gateway.fence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.Load;
import dev.molt.gateway.support.ReplicatorStub;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.TestServices;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class FencedSwitchIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private static final Logger log = LoggerFactory.getLogger(FencedSwitchIntegrationTests.class);

    @ParameterizedTest(name = "fast path on: {0}")
    @ValueSource(booleans = {true, false})
    void twentySwitchesUnderSteadyWritersLoseNoWriteAndFailNoRequest(boolean fastPath) throws Exception {
        TestServices services = fixture.services();
        ReplicatorStub replicator = fixture.replicator();
        RunningGateway gateway = fixture.startAt(5, Map.of(RunningGateway.FAST_PATH, fastPath));
        assertThat(gateway.fastPathOn()).isEqualTo(fastPath);
        replicator.pipeline("forward").state = "STREAMING";
        replicator.drainTakes(5);
        HttpRequest write = HttpRequest.newBuilder(gateway.publicUri("/command/api/squids"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"a\",\"price\":1,\"stock\":1}"))
                .build();
        Load writers = Load.start(10, Duration.ofSeconds(60), 100_000, 50, client -> gateway.send(write));
        List<Long> holds = new ArrayList<>();
        org.awaitility.Awaitility.await("writers under way")
                .atMost(Duration.ofSeconds(30))
                .until(() -> writers.answered(201) >= 100);
        long beforeSwitches = writers.answered(201);

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> switched =
                    gateway.admin("POST", i % 2 == 0 ? "/admin/cutover/advance" : "/admin/cutover/rollback");
            assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
            holds.add(Json.of(switched).get("holdMillis").asLong());
            boolean atSix = i % 2 == 0;
            assertThat(replicator.pipeline("forward").applyMode)
                    .as("forward applies only while OLD takes the writes")
                    .isEqualTo(atSix ? "DISCARD" : "APPLY");
            assertThat(replicator.pipeline("reverse").applyMode)
                    .as("reverse applies only while NEW takes the writes")
                    .isEqualTo(atSix ? "APPLY" : "DISCARD");
        }
        long duringSwitches = writers.answered(201) - beforeSwitches;
        writers.stop();

        long acknowledged = writers.answered(201);
        assertThat(writers.answeredOtherThan(201))
                .as("statuses %s", writers.statuses())
                .isZero();
        assertThat(writers.transportErrors()).isZero();
        assertThat(duringSwitches).as("writes acknowledged while switching").isPositive();
        assertThat(services.oldCommand().apiWrites() + services.newCommand().apiWrites())
                .isEqualTo(acknowledged);
        assertThat(services.oldCommand().apiWrites()).isPositive();
        assertThat(services.newCommand().apiWrites()).isPositive();
        Collections.sort(holds);
        log.info(
                "Fenced switch hold times over {} switches under ~500 writes/s: p50 {} ms, p99 {} ms, max {} ms, all {}",
                holds.size(),
                holds.get(holds.size() / 2),
                holds.get((int) Math.ceil(holds.size() * 0.99) - 1),
                holds.get(holds.size() - 1),
                holds);
        assertThat(replicator.calls())
                .contains("drain forward", "drain reverse", "start reverse", "stop reverse")
                .as("the side that is to apply does so from the source's position, without a drain")
                .contains("apply-mode reverse from SOURCE_HEAD", "apply-mode forward from SOURCE_HEAD");
        assertThat(replicator.authorizations()).containsOnly("Bearer " + RunningGateway.TOKEN);
    }

    @ParameterizedTest(name = "fast path on: {0}")
    @ValueSource(booleans = {true, false})
    void drainBeyondTheHoldTimeoutAbortsWithRoutesUnchangedAndReleasesHeldCommandsToOld(boolean fastPath)
            throws Exception {
        TestServices services = fixture.services();
        ReplicatorStub replicator = fixture.replicator();
        RunningGateway gateway = fixture.startAt(
                5, Map.of("molt.gateway.fence.hold-timeout", "300ms", RunningGateway.FAST_PATH, fastPath));
        assertThat(gateway.fastPathOn()).isEqualTo(fastPath);
        replicator.pipeline("forward").state = "STREAMING";
        replicator.drainTakes(10_000);
        HttpRequest write = HttpRequest.newBuilder(gateway.publicUri("/command/api/squids"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        Load writers = Load.start(4, Duration.ofSeconds(30), 100_000, 100, client -> gateway.send(write));

        HttpResponse<String> aborted = gateway.admin("POST", "/admin/cutover/advance");
        writers.stop();

        assertThat(aborted.statusCode()).isEqualTo(409);
        assertThat(Json.of(aborted).get("detail").asString()).contains("drain of forward");
        assertThat(Json.of(gateway.admin("GET", "/admin/cutover")).get("stage").asInt())
                .isEqualTo(5);
        assertThat(writers.answeredOtherThan(201))
                .as("statuses %s", writers.statuses())
                .isZero();
        assertThat(writers.transportErrors()).isZero();
        assertThat(services.newCommand().apiWrites()).isZero();
        assertThat(services.oldCommand().apiWrites()).isEqualTo(writers.answered(201));
        var history = Json.of(gateway.admin("GET", "/admin/cutover")).get("history");
        var last = history.get(history.size() - 1);
        assertThat(last.get("outcome").asString()).isEqualTo("ABORTED");
        assertThat(last.get("holdMillis").asLong()).isBetween(250L, 2000L);
        assertThat(replicator.calls()).as("the abort puts the modes back").contains("apply-mode forward");
        assertThat(replicator.pipeline("forward").applyMode).isEqualTo("APPLY");
    }

    @Test
    void anAbortThatCannotSetTheApplyModesBackKeepsTryingUntilTheReplicatorAnswers() {
        ReplicatorStub replicator = fixture.replicator();
        RunningGateway gateway = fixture.startAt(5, Map.of("molt.gateway.fence.hold-timeout", "300ms"));
        replicator.pipeline("forward").state = "STREAMING";
        replicator.drainTakes(10_000);
        // A replicator that drains forward and sets it to discard just as the gateway gave up, and
        // whose target then goes away for a while.
        replicator.pipeline("forward").setsModeLate = true;
        replicator.pipeline("forward").refuseApplyMode = true;

        HttpResponse<String> aborted = gateway.admin("POST", "/admin/cutover/advance");

        assertThat(aborted.statusCode()).isEqualTo(409);
        assertThat(Json.of(aborted).get("detail").asString()).contains("apply modes not restored");
        assertThat(replicator.pipeline("forward").applyMode).isEqualTo("DISCARD");
        replicator.pipeline("forward").refuseApplyMode = false;
        org.awaitility.Awaitility.await("forward applies again once the replicator answers")
                .atMost(Duration.ofSeconds(10))
                .until(() -> replicator.pipeline("forward").applyMode.equals("APPLY"));
        assertThat(Json.of(gateway.admin("GET", "/admin/cutover")).get("stage").asInt())
                .isEqualTo(5);
    }
}
