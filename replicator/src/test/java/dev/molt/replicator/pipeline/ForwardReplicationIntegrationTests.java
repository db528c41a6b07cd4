package dev.molt.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.support.ShopDatabases;
import dev.molt.replicator.verify.VerificationReport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForwardReplicationIntegrationTests {

    static final ShopDatabases shop = ShopDatabases.create("forward");
    static final String TOKEN = "replicator-test-token";

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        shop.register(registry);
        registry.add("molt.api.token", () -> TOKEN);
    }

    @Autowired
    ReplicationPipelines pipelines;

    @LocalServerPort
    int port;

    @AfterEach
    void stopPipelines() {
        for (ReplicationPipeline pipeline : pipelines.all()) {
            if (pipeline.state() != PipelineState.STOPPED) {
                pipeline.stop();
            }
        }
    }

    /** The replicator's API over HTTP, with the admin token. */
    private RestClient api() {
        return RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + TOKEN)
                .build();
    }

    private ReplicationPipeline streaming(String name) {
        ReplicationPipeline pipeline = pipelines.get(name);
        pipeline.start();
        await(name + " streaming")
                .atMost(Duration.ofSeconds(30))
                .until(() -> pipeline.state() == PipelineState.STREAMING
                        && pipeline.status().caughtUpAt() != null);
        return pipeline;
    }

    @Test
    void drainReturnsOnceEveryEarlierSourceCommitIsApplied() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        long id = shop.insertSquid("Bobtail", 4000, 7, "Jeju");
        shop.updateSquidPrice(id, 4100);

        DrainResult drained = forward.drain(Duration.ofSeconds(5));

        assertThat(shop.squidSeafood().get(id)).isEqualTo(shop.squidsAsSeafood().get(id));
        assertThat(drained.sourcePosition()).isNotBlank();
        assertThat(forward.status().caughtUpAt()).isNotNull();
        assertThat(forward.status().lagEvents()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void verificationNamesMissingExtraAndDifferentRows() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        long missing = shop.insertSquid("Missing", 100, 1, null);
        long different = shop.insertSquid("Different", 200, 2, null);
        forward.drain(Duration.ofSeconds(5));
        assertThat(pipelines.verify("forward", 7).equal()).isTrue();
        forward.stop();

        shop.executeNew("DELETE FROM seafood WHERE id = ?", missing);
        shop.executeNew("UPDATE seafood SET price_amount = 201 WHERE id = ?", different);
        shop.executeNew(
                "INSERT INTO seafood (id, category, display_name, price_amount, stock_quantity, updated_at, version)"
                        + " VALUES (900000, 'SQUID', 'Extra', 1, 1, NOW(6), 1)");
        shop.executeNew(
                "INSERT INTO seafood (id, category, display_name, price_amount, stock_quantity, updated_at, version)"
                        + " VALUES (900001, 'TUNA', 'Not replicated', 1, 1, NOW(6), 1)");
        VerificationReport report = pipelines.verify("forward", 7);

        assertThat(report.equal()).isFalse();
        assertThat(report.missing()).containsExactly(missing);
        assertThat(report.different()).containsExactly(different);
        assertThat(report.extra()).containsExactly(900000L);
        shop.executeNew("DELETE FROM seafood WHERE id IN (900000, 900001)");
        shop.executeNew("UPDATE seafood SET price_amount = 200 WHERE id = ?", different);
        shop.executeOld("DELETE FROM squid WHERE id = ?", missing);
    }

    @Test
    void forwardAndReverseTogetherReplicateBothWaysWithoutEchoLoops() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        ReplicationPipeline reverse = streaming("reverse");
        long id = shop.insertSquid("Both ways", 3000, 5, "Ulleung");
        forward.drain(Duration.ofSeconds(5));
        shop.executeNew(
                "UPDATE seafood SET stock_quantity = 9, version = version + 1, updated_at = NOW(6) WHERE id = ?", id);
        shop.executeNew(
                "INSERT INTO seafood (id, category, display_name, price_amount, stock_quantity, updated_at, version)"
                        + " VALUES (800000, 'TUNA', 'Bluefin', 90000, 1, NOW(6), 1)");
        reverse.drain(Duration.ofSeconds(5));
        forward.drain(Duration.ofSeconds(5));
        reverse.drain(Duration.ofSeconds(5));

        assertThat(shop.squidsAsSeafood().get(id).get(5)).isEqualTo(java.math.BigDecimal.valueOf(9));
        assertThat(shop.squidSeafood()).isEqualTo(shop.squidsAsSeafood());
        assertThat(shop.squidsAsSeafood()).doesNotContainKey(800000L);
        assertThat(shop.squidsAsSeafood().get(id).get(8))
                .as("version after the echo")
                .isEqualTo(java.math.BigDecimal.valueOf(2));
        shop.executeNew("DELETE FROM seafood WHERE id = 800000");
    }

    @Test
    void aRowTheTargetRefusesStopsThePipelineNamingItAndIsAppliedOnceAccepted() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        shop.executeNew("ALTER TABLE seafood ADD CONSTRAINT seafood_no_forbidden CHECK (display_name <> 'forbidden')");
        long id = shop.insertSquid("forbidden", 10, 1, null);

        await("pipeline failed").atMost(Duration.ofSeconds(20)).until(() -> forward.state() == PipelineState.FAILED);
        assertThat(forward.status().reason()).contains("id=" + id).contains("seafood");
        assertThat(shop.squidSeafood()).doesNotContainKey(id);

        shop.executeNew("ALTER TABLE seafood DROP CONSTRAINT seafood_no_forbidden");
        forward.start();
        await("row applied after the fix")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(shop.squidSeafood()).containsKey(id));
    }

    /**
     * After stage 8 NEW's API creates seafood of other categories with ids from NEW's
     * auto-increment; after a forced rollback across stage 8, OLD's auto-increment may hand the same
     * id to a squid. The forward apply must not take that row for the squid's.
     */
    @Test
    void aSquidWhoseIdHoldsAnotherCategoryInNewStopsThePipelineAndLeavesThatRowAlone() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        long id = 700_000;
        shop.executeNew(aFish(id, "Mackerel"));
        shop.executeOld(
                "INSERT INTO squid (id, name, price, stock, origin, updated_at, version)"
                        + " VALUES (?, 'Rolled back', 500, 1, NULL, NOW(6), 1)",
                id);
        shop.updateSquidPrice(id, 600);

        await("pipeline failed").atMost(Duration.ofSeconds(20)).until(() -> forward.state() == PipelineState.FAILED);
        assertThat(forward.status().reason())
                .contains("id=" + id)
                .contains("seafood")
                .contains("category");
        assertThat(shop.queryNew(
                        "SELECT CONCAT(category, ' ', display_name, ' ', version) FROM seafood WHERE id = " + id))
                .isEqualTo("FISH Mackerel 1");

        shop.executeNew("DELETE FROM seafood WHERE id = ?", id);
        shop.deleteSquid(id);
    }

    /** The conflict check reads a batch's close keys as one range: a row of another category between them is none of its business. */
    @Test
    void aRowOfAnotherCategoryBetweenTheKeysOfABatchIsNoConflict() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        shop.executeNew(aFish(800_005, "Herring"));
        StringBuilder squids = new StringBuilder();
        for (long id = 800_000; id <= 800_010; id++) {
            if (id != 800_005) {
                squids.append(squids.isEmpty() ? "" : ", ")
                        .append("(")
                        .append(id)
                        .append(", 'Neighbour', 500, 1, NULL, NOW(6), 1)");
            }
        }
        shop.executeOld("INSERT INTO squid (id, name, price, stock, origin, updated_at, version) VALUES " + squids);

        await("the ten squids applied")
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(shop.squidSeafood().keySet().stream()
                                .filter(id -> id >= 800_000 && id <= 800_010)
                                .count())
                        .isEqualTo(10));
        assertThat(forward.state()).isEqualTo(PipelineState.STREAMING);
        assertThat(shop.queryNew("SELECT CONCAT(category, ' ', display_name) FROM seafood WHERE id = 800005"))
                .isEqualTo("FISH Herring");
        shop.executeNew("DELETE FROM seafood WHERE id = 800005");
    }

    @Test
    void aDeleteOfASquidWhoseIdHoldsAnotherCategoryInNewStopsThePipelineAndLeavesThatRowAlone() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        long id = shop.insertSquid("Deleted on OLD", 10, 1, null);
        forward.drain(Duration.ofSeconds(5));
        shop.executeNew("UPDATE seafood SET category = 'FISH', display_name = 'Mackerel' WHERE id = ?", id);
        shop.deleteSquid(id);

        await("pipeline failed").atMost(Duration.ofSeconds(20)).until(() -> forward.state() == PipelineState.FAILED);
        assertThat(forward.status().reason()).contains("delete of row id=" + id).contains("category");
        assertThat(shop.queryNew("SELECT CONCAT(category, ' ', display_name) FROM seafood WHERE id = " + id))
                .isEqualTo("FISH Mackerel");

        shop.executeNew("DELETE FROM seafood WHERE id = ?", id);
    }

    private static String aFish(long id, String name) {
        return "INSERT INTO seafood (id, category, display_name, price_amount, stock_quantity, updated_at, version)"
                + " VALUES (" + id + ", 'FISH', '" + name + "', 1, 1, NOW(6), 1)";
    }

    @Test
    void aDiscardingPipelineNeverBringsBackARowTheOtherSideDeletedAndAppliesAgainFromWhereItWasAsked()
            throws Exception {
        RestClient http = api();
        ReplicationPipeline forward = streaming("forward");
        long deleted = shop.insertSquid("Deleted on NEW", 100, 1, null);
        assertThat(exchange(http.post().uri("/replication/forward/drain?timeoutMs=5000&then=DISCARD"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(forward.status().applyMode()).isEqualTo(ApplyMode.DISCARD);
        assertThat(applyMode("forward")).as("stored in the target").isEqualTo("DISCARD");

        // NEW's application deletes the row; an update of it then reaches OLD, as the reverse
        // stream's echo of an earlier update would: applied, it would bring the row back.
        shop.executeNew("DELETE FROM seafood WHERE id = ?", deleted);
        shop.updateSquidPrice(deleted, 200);
        forward.drain(Duration.ofSeconds(5));
        assertThat(shop.squidSeafood()).doesNotContainKey(deleted);
        assertThat(forward.status().discardedEvents()).isGreaterThanOrEqualTo(1);

        assertThat(exchange(http.post().uri("/replication/forward/drain?timeoutMs=5000&then=APPLY"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        long applied = shop.insertSquid("Applied again", 300, 3, null);
        forward.drain(Duration.ofSeconds(5));
        assertThat(shop.squidSeafood()).containsKey(applied).doesNotContainKey(deleted);
        assertThat(applyMode("forward")).isEqualTo("APPLY");

        ResponseEntity<String> wrongMode = exchange(http.post().uri("/replication/forward/apply-mode?mode=SOMETIMES"));
        assertThat(wrongMode.getStatusCode().value()).isEqualTo(400);
        assertThat(wrongMode.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(forward.status().applyMode()).isEqualTo(ApplyMode.APPLY);
        shop.executeOld("DELETE FROM squid WHERE id = ?", deleted);
    }

    @Test
    void aModeAskedFromTheSourceHeadLeavesWhatTheSourceCommittedBeforeTheCallInTheModeBefore() throws Exception {
        RestClient http = api();
        ReplicationPipeline forward = streaming("forward");
        assertThat(exchange(http.post().uri("/replication/forward/apply-mode?mode=DISCARD"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        forward.pause();
        // committed before the call, not yet read by the paused stream: an echo the switch skips
        long echo = shop.insertSquid("Echo before the mark", 100, 1, null);

        ResponseEntity<String> asked =
                exchange(http.post().uri("/replication/forward/apply-mode?mode=APPLY&from=SOURCE_HEAD"));
        assertThat(asked.getStatusCode().value()).isEqualTo(200);
        assertThat(asked.getBody()).contains("\"applyMode\":\"APPLY\"").doesNotContain("\"applyModeFromBeat\":null");
        assertThat(applyMode("forward")).as("stored in the target").isEqualTo("APPLY");
        long after = shop.insertSquid("Written after the mark", 200, 2, null);
        forward.resume();
        forward.drain(Duration.ofSeconds(5));

        assertThat(shop.squidSeafood()).containsKey(after).doesNotContainKey(echo);
        assertThat(forward.status().applyMode()).isEqualTo(ApplyMode.APPLY);
        assertThat(forward.status().applyModeFromBeat())
                .as("in force once the stream carried the beat")
                .isNull();

        ResponseEntity<String> wrongFrom =
                exchange(http.post().uri("/replication/forward/apply-mode?mode=DISCARD&from=YESTERDAY"));
        assertThat(wrongFrom.getStatusCode().value()).isEqualTo(400);
        assertThat(wrongFrom.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(forward.status().applyMode()).isEqualTo(ApplyMode.APPLY);
        shop.executeOld("DELETE FROM squid WHERE id IN (?, ?)", echo, after);
    }

    @Test
    void aModeAskedFromTheSourceHeadAppliesEveryRowCommittedAfterTheCallHoweverSoonTheStreamReadsTheBeat()
            throws Exception {
        ReplicationPipeline forward = streaming("forward");
        java.util.List<Long> written = new java.util.ArrayList<>();
        // A stream that is caught up reads the beat within a millisecond of its commit: were the mode
        // set after the commit, the stream would have passed the beat and wait for a later one,
        // discarding what was committed between.
        for (int i = 0; i < 30; i++) {
            pipelines.applyMode("forward", ApplyMode.DISCARD);
            pipelines.applyMode("forward", ApplyMode.APPLY, ApplyFrom.SOURCE_HEAD);
            written.add(shop.insertSquid("After the mark " + i, 100 + i, 1, null));
            forward.drain(Duration.ofSeconds(5));
        }

        assertThat(shop.squidSeafood().keySet()).containsAll(written);
        for (long id : written) {
            shop.executeOld("DELETE FROM squid WHERE id = ?", id);
        }
    }

    private static String applyMode(String pipeline) throws java.sql.SQLException {
        try (var connection = (pipeline.equals("forward") ? shop.neu() : shop.old()).connect();
                var select = connection.prepareStatement(
                        "SELECT apply_mode FROM molt_replication_wanted WHERE pipeline = ?")) {
            select.setString(1, pipeline);
            try (var rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        }
    }

    @Test
    void apiAnswersStatusAndProblems() {
        RestClient http = api();
        String all = http.get().uri("/replication").retrieve().body(String.class);
        assertThat(all)
                .contains("\"name\":\"forward\"")
                .contains("\"name\":\"reverse\"")
                .contains("\"caughtUpAt\"");

        ResponseEntity<String> unknown = http.post()
                .uri("/replication/sideways/start")
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(String.class);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(unknown.getBody()).contains("sideways");

        ResponseEntity<String> notPaused = http.post()
                .uri("/replication/forward/resume")
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(String.class);
        assertThat(notPaused.getStatusCode().value()).isEqualTo(409);

        ResponseEntity<String> drainStopped = http.post()
                .uri("/replication/forward/drain?timeoutMs=100")
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(String.class);
        assertThat(drainStopped.getStatusCode().value()).isEqualTo(409);

        ResponseEntity<String> health =
                http.get().uri("/actuator/health/readiness").retrieve().toEntity(String.class);
        assertThat(health.getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void apiStoresTheWantedStateInTheTargetBeforeItActsAndShowsItBesideTheActualOne() throws Exception {
        RestClient http = api();

        assertThat(exchange(http.post().uri("/replication/reverse/start")).getBody())
                .contains("\"wanted\":\"RUNNING\"");
        assertThat(wanted("reverse")).isEqualTo("RUNNING");
        assertThat(exchange(http.post().uri("/replication/reverse/pause")).getBody())
                .contains("\"state\":\"PAUSED\"")
                .contains("\"wanted\":\"PAUSED\"");
        assertThat(wanted("reverse")).isEqualTo("PAUSED");
        assertThat(exchange(http.post().uri("/replication/reverse/resume")).getBody())
                .contains("\"wanted\":\"RUNNING\"");
        assertThat(wanted("reverse")).isEqualTo("RUNNING");
        assertThat(http.get().uri("/replication/reverse").retrieve().body(String.class))
                .contains("\"wanted\":\"RUNNING\"");
        assertThat(exchange(http.post().uri("/replication/reverse/stop")).getBody())
                .contains("\"state\":\"STOPPED\"")
                .contains("\"wanted\":\"STOPPED\"");
        assertThat(wanted("reverse")).isEqualTo("STOPPED");

        ResponseEntity<String> refused = exchange(http.post().uri("/replication/reverse/pause"));
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(wanted("reverse")).as("a refused call stores nothing").isEqualTo("STOPPED");
        ResponseEntity<String> stoppedAgain = exchange(http.post().uri("/replication/reverse/stop"));
        assertThat(stoppedAgain.getStatusCode().value())
                .as("a stop is idempotent: a rollback may stop what a reconciler stopped")
                .isEqualTo(200);
        assertThat(stoppedAgain.getBody()).contains("\"state\":\"STOPPED\"");
        assertThat(http.get().uri("/replication").retrieve().body(String.class)).contains("\"wanted\":\"STOPPED\"");
    }

    private static String wanted(String pipeline) throws java.sql.SQLException {
        // the wanted state of a pipeline lives in its target: OLD for reverse
        try (var connection = shop.old().connect();
                var select =
                        connection.prepareStatement("SELECT wanted FROM molt_replication_wanted WHERE pipeline = ?")) {
            select.setString(1, pipeline);
            try (var rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        }
    }

    @Test
    void apiRefusesCallsWithoutTheAdminTokenAndLeavesHealthOpen() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);

        ResponseEntity<String> none = exchange(http.post().uri("/replication/forward/stop"));
        ResponseEntity<String> wrong =
                exchange(http.get().uri("/replication").header("Authorization", "Bearer not-the-token"));
        ResponseEntity<String> health =
                http.get().uri("/actuator/health/readiness").retrieve().toEntity(String.class);

        assertThat(none.getStatusCode().value()).isEqualTo(401);
        assertThat(none.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(none.getBody()).contains("Bearer");
        assertThat(wrong.getStatusCode().value()).isEqualTo(403);
        assertThat(wrong.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(wrong.getBody()).doesNotContain("forward");
        assertThat(health.getStatusCode().value()).isEqualTo(200);
    }

    private static ResponseEntity<String> exchange(RestClient.RequestHeadersSpec<?> request) {
        return request.retrieve()
                .onStatus(status -> true, (req, response) -> {})
                .toEntity(String.class);
    }

    @Test
    void pausedPipelineTimesOutADrainAndCatchesUpOnResume() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        forward.pause();
        long id = shop.insertSquid("Paused", 10, 1, null);

        assertThatThrownBy(() -> forward.drain(Duration.ofMillis(300))).isInstanceOf(DrainTimeoutException.class);
        assertThat(shop.squidSeafood()).doesNotContainKey(id);

        forward.resume();
        forward.drain(Duration.ofSeconds(5));
        assertThat(shop.squidSeafood()).containsKey(id);
    }

    @Test
    void snapshotThenStreamMakesNewEqualOldThroughTheMapping() throws Exception {
        shop.insertSquids(500);
        long kept = shop.insertSquid("Humboldt", 12000, 3, "Pacific");
        ReplicationPipeline forward = pipelines.get("forward");
        forward.start();
        await("snapshot copied")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(shop.squidSeafood()).isEqualTo(shop.squidsAsSeafood()));

        long added = shop.insertSquid("Firefly", 800, 10, null);
        shop.updateSquidPrice(kept, 12500);
        shop.deleteSquid(1);
        shop.executeOld("ALTER TABLE squid ADD COLUMN note VARCHAR(20) NULL");
        shop.updateSquidPrice(2, 1);

        await("changes streamed")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(shop.squidSeafood()).isEqualTo(shop.squidsAsSeafood()));
        assertThat(shop.squidSeafood()).containsKey(added).doesNotContainKey(1L);
        assertThat(forward.status().snapshot().completed()).isTrue();
        assertThat(forward.status().state()).isEqualTo(PipelineState.STREAMING);
    }
}
