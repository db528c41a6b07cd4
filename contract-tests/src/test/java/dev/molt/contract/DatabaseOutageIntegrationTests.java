package dev.molt.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.testsupport.RestartableDatabaseServer;
import dev.molt.testsupport.ServiceProcess;
import dev.molt.testsupport.TestDatabase;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The four shop services while their database is away: each answers 503 problem+json with
 * {@code Retry-After} instead of a 500 or a hang, reports itself not ready, and serves again by
 * itself once the database is back. One outage of one server holding both shops' databases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final String SQUIDS = "/command/api/squids";
    private static final String PAGE = "/query/api/squids?size=1";
    private static final String SQUID = "{\"name\":\"Outage squid\",\"price\":1,\"stock\":1}";

    private RestartableDatabaseServer server;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private List<Probe> probes;

    /** One service and a request of it that needs the database: a create, or a page of squids. */
    private record Probe(String name, ServiceProcess service, String path, String jsonBody) {

        HttpResponse<String> send() {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(service.baseUri().resolve(path));
            if (jsonBody != null) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
            }
            return DatabaseOutageIntegrationTests.send(request);
        }

        HttpResponse<String> readiness() {
            return DatabaseOutageIntegrationTests.send(
                    HttpRequest.newBuilder(service.baseUri().resolve("/actuator/health/readiness")));
        }
    }

    @BeforeAll
    void startTheShopsOnTheirOwnServer() {
        server = RestartableDatabaseServer.start("molt-shop-outage");
        TestDatabase oldDb = server.database("outage_old");
        TestDatabase newDb = server.database("outage_new");
        ServiceProcess oldCommand = launch("old-command", oldDb);
        ServiceProcess newCommand = launch("new-command", newDb);
        oldCommand.awaitReady();
        newCommand.awaitReady();
        ServiceProcess oldQuery = launch("old-query", oldDb.readOnly());
        ServiceProcess newQuery = launch("new-query", newDb.readOnly());
        oldQuery.awaitReady();
        newQuery.awaitReady();
        probes = List.of(
                new Probe("old-command", oldCommand, SQUIDS, SQUID),
                new Probe("new-command", newCommand, SQUIDS, SQUID),
                new Probe("old-query", oldQuery, PAGE, null),
                new Probe("new-query", newQuery, PAGE, null));
    }

    @AfterAll
    void stopAll() {
        processes.forEach(ServiceProcess::close);
        if (server != null) {
            server.close();
        }
    }

    private ServiceProcess launch(String module, TestDatabase db) {
        ServiceProcess process = ServiceProcess.launch(
                module,
                Map.of(
                        "spring.datasource.url", db.jdbcUrl(),
                        "spring.datasource.username", db.user(),
                        "spring.datasource.password", db.password()));
        processes.add(process);
        return process;
    }

    @Test
    void everyServiceAnswers503WhileItsDatabaseIsAwayAndRecoversByItself() throws Exception {
        onEach(probe -> assertThat(probe.send().statusCode()).as(probe.name()).isBetween(200, 201));

        server.shutDown();
        try {
            onEach(probe -> {
                HttpResponse<String> answer = probe.send();
                assertThat(answer.statusCode()).as(probe.name()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Content-Type"))
                        .as(probe.name())
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(answer.headers().firstValue("Retry-After"))
                        .as(probe.name())
                        .hasValue("2");
                assertThat(answer.body())
                        .as(probe.name())
                        .contains("the database is unavailable just now; retry shortly");
                assertThat(probe.readiness().statusCode()).as(probe.name()).isEqualTo(503);
            });
        } finally {
            server.startAgain();
        }

        onEach(probe -> await(probe.name() + " serving again")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(probe.send().statusCode()).isBetween(200, 201);
                    assertThat(probe.readiness().statusCode()).isEqualTo(200);
                }));
    }

    /** Runs the check on the four services at once: each may wait out a pool time-out. */
    private void onEach(Consumer<Probe> check) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(probes.size());
        try {
            List<Future<?>> checks = new ArrayList<>();
            probes.forEach(probe -> checks.add(pool.submit(() -> check.accept(probe))));
            for (Future<?> each : checks) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("transport error " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
