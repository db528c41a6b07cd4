package dev.molt.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.molt.cutover.admin.AdminClient;
import dev.molt.cutover.admin.AdminException;
import dev.molt.cutover.stack.ProjectRoot;
import dev.molt.cutover.stack.Stack;
import dev.molt.cutover.stack.StackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The write fence on the whole stack, as {@code ./molt up} runs it: after the command switch a
 * write to OLD through old-command's own account is refused, on a connection opened before the
 * switch (a late commit) and on a new one (a writer that bypasses the gateway), while the reverse
 * replicator still carries NEW's writes to OLD; the rollback turns it round; and the replicator's
 * verification finds OLD and NEW equal in both directions.
 */
class WriteFenceIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void afterTheSwitchOldRefusesItsApplicationsWritesButNotTheReverseReplicatorsAndEndsEqual() throws Exception {
        try (Stack stack = Stack.start(
                ProjectRoot.find(),
                freePorts(),
                null,
                Map.of("molt.gateway.cutover.max-lag", "5s"),
                Stack.Transport.DIRECT,
                progress -> {})) {
            AdminClient admin =
                    new AdminClient(URI.create(Stack.local(stack.ports().admin())), stack.adminToken());
            try (Connection oldApp = stack.oldApplication().connect()) {
                insertSquid(oldApp, 1);
                for (int stage = 2; stage <= 5; stage++) {
                    advanceTo(admin, stage);
                }
                insertSquid(oldApp, 2);

                advanceTo(admin, 6);

                assertThat(lastHistory(admin).path("reason").asString())
                        .isEqualTo("write fence applied on OLD (shop_old_app@squid)");
                assertRefused(() -> insertSquid(oldApp, 3));
                try (Connection bypass = stack.oldApplication().connect()) {
                    assertRefused(() -> insertSquid(bypass, 4));
                }
                HttpResponse<String> direct = post(Stack.local(stack.ports().oldCommand()), "bypass");
                assertThat(direct.statusCode())
                        .as("old-command's refused write: never acknowledged (%s)", direct.body())
                        .isEqualTo(503);
                assertThat(direct.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(direct.headers().firstValue("Retry-After")).isPresent();
                long viaGateway = createThroughTheGateway(stack);
                drain(stack, "reverse");
                try (Connection oldOwner = stack.oldDatabase().connect();
                        PreparedStatement find = oldOwner.prepareStatement("SELECT COUNT(*) FROM squid WHERE id = ?")) {
                    find.setLong(1, viaGateway);
                    var rs = find.executeQuery();
                    rs.next();
                    assertThat(rs.getInt(1))
                            .as("NEW's write, replicated to OLD")
                            .isEqualTo(1);
                }
                assertThat(verify(stack, "reverse").path("equal").asBoolean()).isTrue();

                rollbackTo(admin, 5);

                insertSquid(oldApp, 5);
                try (Connection newApp = stack.newApplication().connect()) {
                    assertRefused(() -> newApp.createStatement()
                            .executeUpdate("UPDATE seafood SET version = version + 1 WHERE id = " + viaGateway));
                }
                drain(stack, "forward");
                JsonNode forward = verify(stack, "forward");
                assertThat(forward.path("equal").asBoolean())
                        .as(forward.toString())
                        .isTrue();
                assertThat(forward.path("rowsCompared").asLong()).isEqualTo(4);
            }
        }
    }

    private static void advanceTo(AdminClient admin, int stage) {
        transit(admin, stage, true);
    }

    private static void rollbackTo(AdminClient admin, int stage) {
        transit(admin, stage, false);
    }

    /** Retries while a guard still blocks (the snapshot, a health check), as an operator would. */
    private static void transit(AdminClient admin, int stage, boolean forward) {
        await("stage " + stage)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .ignoreException(AdminException.class)
                .until(() -> (forward ? admin.advance(false) : admin.rollback(false))
                                .path("stage")
                                .asInt()
                        == stage);
    }

    private static JsonNode lastHistory(AdminClient admin) {
        JsonNode history = admin.state().path("history");
        return history.get(history.size() - 1);
    }

    private static void insertSquid(Connection connection, long id) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO squid (id, name, price, stock, origin, updated_at, version) VALUES (?, ?, 1000, 1, NULL, ?, 1)")) {
            insert.setLong(1, id);
            insert.setString(2, "direct-" + id);
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }

    private long createThroughTheGateway(Stack stack) throws IOException, InterruptedException {
        HttpResponse<String> created = post(Stack.local(stack.ports().gateway()), "via-gateway");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("id").asLong();
    }

    private HttpResponse<String> post(String base, String name) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/command/api/squids"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"" + name + "\",\"price\":5,\"stock\":2}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode replicator(Stack stack, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(Stack.local(stack.ports().replicator()) + path))
                        .header("Authorization", "Bearer " + stack.adminToken())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void drain(Stack stack, String pipeline) throws IOException, InterruptedException {
        replicator(stack, "/replication/" + pipeline + "/drain?timeoutMs=20000");
    }

    private JsonNode verify(Stack stack, String pipeline) throws IOException, InterruptedException {
        return replicator(stack, "/replication/" + pipeline + "/verification");
    }

    private interface Write {
        void run() throws SQLException;
    }

    private static void assertRefused(Write write) {
        assertThatThrownBy(write::run).isInstanceOf(SQLException.class).hasMessageContaining("command denied");
    }

    private static StackPorts freePorts() throws IOException {
        return new StackPorts(free(), free(), free(), free(), free(), free(), free(), free(), free(), free(), 1);
    }

    private static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
