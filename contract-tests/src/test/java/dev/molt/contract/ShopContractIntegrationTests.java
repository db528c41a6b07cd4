package dev.molt.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.testsupport.DashboardMetrics;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.ServiceProcess;
import dev.molt.testsupport.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The old API's contract, run request by request against the OLD shop and against the NEW shop's
 * alias, each as real processes on a real database. Every answer must be the same on both sides,
 * byte for byte; that is what lets the gateway move a client from one to the other unnoticed.
 * Both sides see the same requests in the same order, so they hand out the same ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShopContractIntegrationTests {

    private static final String SQUIDS = "/command/api/squids";
    private static final String QUERY = "/query/api/squids";
    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";

    private final List<ServiceProcess> processes = new ArrayList<>();
    private Shop oldShop;
    private Shop aliasShop;

    @BeforeAll
    void startBothShops() {
        TestDatabase oldDb = DatabaseServer.newDatabase("contract_old");
        TestDatabase newDb = DatabaseServer.newDatabase("contract_new");
        ServiceProcess oldCommand = launch("old-command", oldDb);
        ServiceProcess newCommand = launch("new-command", newDb);
        oldCommand.awaitReady();
        newCommand.awaitReady();
        ServiceProcess oldQuery = launch("old-query", oldDb.readOnly());
        ServiceProcess newQuery = launch("new-query", newDb.readOnly());
        oldQuery.awaitReady();
        newQuery.awaitReady();
        oldShop = new Shop("OLD", oldCommand.baseUri(), oldQuery.baseUri());
        aliasShop = new Shop("NEW alias", newCommand.baseUri(), newQuery.baseUri());
    }

    @AfterAll
    void stopBothShops() {
        processes.forEach(ServiceProcess::close);
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

    private Answers both(Function<Shop, Exchange> request) {
        return new Answers(request.apply(oldShop), request.apply(aliasShop));
    }

    private static String aSquid(String name) {
        return "{\"name\":\"" + name + "\",\"price\":12000,\"stock\":7,\"origin\":\"Jeju\"}";
    }

    private long created(String name) {
        return both(shop -> shop.post(SQUIDS, aSquid(name))).identical().id();
    }

    private long total() {
        return both(shop -> shop.get(QUERY + "?size=1"))
                .identical()
                .json()
                .get("total")
                .asLong();
    }

    /**
     * Not the contract but its processes, reused to keep the suite short: each of the four services
     * serves the Prometheus scrape as openly as its API, with Boot's HTTP server and Hikari pool
     * metrics, every one the Grafana dashboard's shop panels query.
     */
    @Test
    void everyShopServiceExportsTheShopMetricsTheDashboardQueriesWithoutCredentialsLikeItsApi() throws Exception {
        total();
        both(shop -> shop.getCommand(SQUIDS));
        Set<String> dashboard = DashboardMetrics.namesExportedBy(DashboardMetrics.Exporter.SHOP_SERVICE);
        for (ServiceProcess service : processes) {
            HttpResponse<String> scrape = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(service.baseUri().resolve("/actuator/prometheus"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).as(service + " scrape").isEqualTo(200);
            Set<String> missing = new TreeSet<>(dashboard);
            missing.removeAll(DashboardMetrics.exportedNames(scrape.body()));
            assertThat(missing)
                    .as("shop metrics the dashboard queries that " + service + " does not export")
                    .isEmpty();
        }
    }

    @Test
    void createAnswers201WithTheSquidItsVersionAndWhereToReadIt() {
        Exchange created =
                both(shop -> shop.post(SQUIDS, aSquid("Firefly squid"))).identical();

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith(JSON);
        assertThat(created.location()).isEqualTo(QUERY + "/" + created.id());
        assertThat(created.etag()).isEqualTo("\"1\"");
        assertThat(created.json().get("name").asString()).isEqualTo("Firefly squid");
        assertThat(created.json().get("price").asInt()).isEqualTo(12000);
        assertThat(created.json().get("stock").asInt()).isEqualTo(7);
        assertThat(created.json().get("origin").asString()).isEqualTo("Jeju");
        assertThat(created.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void readAfterCreateShowsTheSameSquid() {
        long id = created("Humboldt squid");

        Exchange read = both(shop -> shop.get(QUERY + "/" + id)).identical();

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.etag()).isEqualTo("\"1\"");
        assertThat(read.json().get("name").asString()).isEqualTo("Humboldt squid");
    }

    @Test
    void originIsOptionalAndShownAsNull() {
        Exchange created = both(shop -> shop.post(SQUIDS, "{\"name\":\"Bobtail\",\"price\":0,\"stock\":0}"))
                .identical();

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).contains("\"origin\":null");
    }

    @Test
    void replaceBumpsTheVersionAndHonoursIfMatch() {
        long id = created("Glass squid");
        String path = SQUIDS + "/" + id;

        Exchange replaced =
                both(shop -> shop.put(path, aSquid("Glass squid II"), "\"1\"")).identical();
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.etag()).isEqualTo("\"2\"");
        assertThat(replaced.json().get("name").asString()).isEqualTo("Glass squid II");

        Exchange stale =
                both(shop -> shop.put(path, aSquid("lost update"), "\"1\"")).identical();
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith(PROBLEM);
        assertThat(stale.detail()).contains("version 2");

        Exchange unconditional =
                both(shop -> shop.put(path, aSquid("Glass squid III"), null)).identical();
        assertThat(unconditional.etag()).isEqualTo("\"3\"");

        Exchange read = both(shop -> shop.get(QUERY + "/" + id)).identical();
        assertThat(read.json().get("name").asString()).isEqualTo("Glass squid III");
    }

    @Test
    void malformedIfMatchIs400AndChangesNothing() {
        long id = created("Vampire squid");

        Exchange answer = both(shop -> shop.put(SQUIDS + "/" + id, aSquid("changed"), "1"))
                .identical();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.detail()).contains("If-Match");
        assertThat(both(shop -> shop.get(QUERY + "/" + id)).identical().etag()).isEqualTo("\"1\"");
    }

    @Test
    void stockAdjustmentsAddAndNeverGoNegative() {
        long id = created("Bigfin squid");
        String path = SQUIDS + "/" + id + "/stock-adjustments";

        Exchange added = both(shop -> shop.post(path, "{\"delta\":5}")).identical();
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().get("stock").asInt()).isEqualTo(12);
        assertThat(added.json().get("version").asLong()).isEqualTo(2);

        Exchange refused = both(shop -> shop.post(path, "{\"delta\":-13}")).identical();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith(PROBLEM);
        assertThat(refused.detail()).contains("negative");

        Exchange emptied = both(shop -> shop.post(path, "{\"delta\":-12}")).identical();
        assertThat(emptied.json().get("stock").asInt()).isZero();
        assertThat(both(shop -> shop.get(QUERY + "/" + id)).identical().etag()).isEqualTo("\"3\"");
    }

    @Test
    void adjustmentBeyondTheLargestStockIs409AndChangesNothing() {
        long id = both(shop -> shop.post(SQUIDS, "{\"name\":\"Full squid\",\"price\":1,\"stock\":2147483647}"))
                .identical()
                .id();
        String path = SQUIDS + "/" + id + "/stock-adjustments";

        Exchange refused = both(shop -> shop.post(path, "{\"delta\":1}")).identical();
        Exchange farBeyond =
                both(shop -> shop.post(path, "{\"delta\":2147483647}")).identical();

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith(PROBLEM);
        assertThat(refused.detail())
                .isEqualTo("stock of squid " + id + " is 2147483647; adjusting it by 1 would make it larger than"
                        + " 2147483647");
        assertThat(farBeyond.status()).isEqualTo(409);
        Exchange read = both(shop -> shop.get(QUERY + "/" + id)).identical();
        assertThat(read.etag()).isEqualTo("\"1\"");
        assertThat(read.json().get("stock").asInt()).isEqualTo(2147483647);
        assertThat(both(shop -> shop.post(path, "{\"delta\":-1}")).identical().status())
                .isEqualTo(200);
    }

    static List<Arguments> valuesBeyondTheColumns() {
        return List.of(
                Arguments.of(
                        "{\"name\":\"a\",\"price\":1,\"stock\":2147483648}", "stock must be a whole number, 0 or more"),
                Arguments.of(
                        "{\"name\":\"a\",\"price\":2147483648,\"stock\":1}",
                        "price must be a whole number of won, 0 or more"),
                Arguments.of(
                        "{\"name\":\"a\",\"price\":1,\"stock\":99999999999999999999999}",
                        "stock must be a whole number, 0 or more"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesBeyondTheColumns")
    void replaceWithAValueBeyondItsColumnIs400AndChangesNothing(String body, String detail) {
        long id = created("Bounded squid");

        Exchange answer = both(shop -> shop.put(SQUIDS + "/" + id, body, null)).identical();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith(PROBLEM);
        assertThat(answer.detail()).isEqualTo(detail);
        assertThat(both(shop -> shop.get(QUERY + "/" + id)).identical().etag()).isEqualTo("\"1\"");
    }

    @Test
    void fiftyConcurrentAdjustmentsAddExactlyFifty() throws Exception {
        long id = created("Colossal squid");
        String path = SQUIDS + "/" + id + "/stock-adjustments";
        for (Shop shop : List.of(oldShop, aliasShop)) {
            ExecutorService pool = Executors.newFixedThreadPool(50);
            try {
                List<Future<Exchange>> answers = IntStream.range(0, 50)
                        .mapToObj(i -> pool.submit(() -> shop.post(path, "{\"delta\":1}")))
                        .toList();
                for (Future<Exchange> answer : answers) {
                    assertThat(answer.get().status()).as(shop.name()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        Exchange read = both(shop -> shop.get(QUERY + "/" + id)).identical();
        assertThat(read.json().get("stock").asInt()).isEqualTo(57);
        assertThat(read.json().get("version").asLong()).isEqualTo(51);
    }

    @Test
    void deleteAnswers204ThenTheSquidIsGone() {
        long id = created("Dumpling squid");

        assertThat(both(shop -> shop.delete(SQUIDS + "/" + id)).identical().status())
                .isEqualTo(204);
        Exchange read = both(shop -> shop.get(QUERY + "/" + id)).identical();
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.contentType()).startsWith(PROBLEM);
        assertThat(read.detail()).isEqualTo("no squid with id " + id);
        assertThat(both(shop -> shop.delete(SQUIDS + "/" + id)).identical().status())
                .isEqualTo(404);
    }

    @Test
    void unknownIdIs404OnEveryOperation() {
        String path = "/999999999";

        assertThat(both(shop -> shop.get(QUERY + path)).identical().status()).isEqualTo(404);
        assertThat(both(shop -> shop.put(SQUIDS + path, aSquid("x"), null))
                        .identical()
                        .status())
                .isEqualTo(404);
        assertThat(both(shop -> shop.post(SQUIDS + path + "/stock-adjustments", "{\"delta\":1}"))
                        .identical()
                        .status())
                .isEqualTo(404);
        assertThat(both(shop -> shop.delete(SQUIDS + path)).identical().status())
                .isEqualTo(404);
    }

    @Test
    void nonNumericIdIs400() {
        Exchange answer = both(shop -> shop.get(QUERY + "/abc")).identical();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.detail()).isEqualTo("id must be a whole number");
    }

    @Test
    void pagesListSquidsInIdOrderWithTheTotal() {
        created("Page squid A");
        created("Page squid B");
        created("Page squid C");
        long total = total();

        Exchange page = both(shop -> shop.get(QUERY + "?page=0&size=2")).identical();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("page").asInt()).isZero();
        assertThat(page.json().get("size").asInt()).isEqualTo(2);
        assertThat(page.json().get("total").asLong()).isEqualTo(total);
        assertThat(page.json().get("items")).hasSize(2);
        long first = page.json().get("items").get(0).get("id").asLong();
        long second = page.json().get("items").get(1).get("id").asLong();
        assertThat(first).isLessThan(second);

        Exchange defaults = both(shop -> shop.get(QUERY)).identical();
        assertThat(defaults.json().get("size").asInt()).isEqualTo(20);

        Exchange beyond =
                both(shop -> shop.get(QUERY + "?page=100000&size=100")).identical();
        assertThat(beyond.json().get("items")).isEmpty();
    }

    static List<Arguments> badPaging() {
        return List.of(
                Arguments.of("?size=0", "size must be between 1 and 100"),
                Arguments.of("?size=101", "size must be between 1 and 100"),
                Arguments.of("?page=-1", "page must be between 0 and 10000000"),
                Arguments.of("?page=first", "page must be a whole number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPaging")
    void badPagingIs400(String query, String detail) {
        Exchange answer = both(shop -> shop.get(QUERY + query)).identical();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith(PROBLEM);
        assertThat(answer.detail()).isEqualTo(detail);
    }

    static List<Arguments> badBodies() {
        String longName = "x".repeat(101);
        return List.of(
                Arguments.of("malformed JSON", "{\"name\": \"Squid\", ", "the body is not valid JSON"),
                Arguments.of("not an object", "[1,2]", "the body must be a JSON object"),
                Arguments.of("empty body", "", "the body must be a JSON object"),
                Arguments.of("missing name", "{\"price\":1,\"stock\":1}", "name is required"),
                Arguments.of("blank name", "{\"name\":\"  \",\"price\":1,\"stock\":1}", "name must not be blank"),
                Arguments.of(
                        "name over 100",
                        "{\"name\":\"" + longName + "\",\"price\":1,\"stock\":1}",
                        "name must be at most 100 characters"),
                Arguments.of("name not a string", "{\"name\":42,\"price\":1,\"stock\":1}", "name must be a string"),
                Arguments.of(
                        "negative price",
                        "{\"name\":\"a\",\"price\":-1,\"stock\":1}",
                        "price must be a whole number of won, 0 or more"),
                Arguments.of(
                        "fractional price",
                        "{\"name\":\"a\",\"price\":10.5,\"stock\":1}",
                        "price must be a whole number of won, 0 or more"),
                Arguments.of(
                        "price as text",
                        "{\"name\":\"a\",\"price\":\"10\",\"stock\":1}",
                        "price must be a whole number of won, 0 or more"),
                Arguments.of(
                        "price too large",
                        "{\"name\":\"a\",\"price\":3000000000,\"stock\":1}",
                        "price must be a whole number of won, 0 or more"),
                Arguments.of("missing stock", "{\"name\":\"a\",\"price\":1}", "stock is required"),
                Arguments.of(
                        "negative stock",
                        "{\"name\":\"a\",\"price\":1,\"stock\":-2}",
                        "stock must be a whole number, 0 or more"),
                Arguments.of(
                        "unknown field",
                        "{\"name\":\"a\",\"price\":1,\"stock\":1,\"colour\":\"red\"}",
                        "unknown field 'colour'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badCreateIs400AndWritesNothing(String label, String body, String detail) {
        long before = total();

        Exchange answer = both(shop -> shop.postRaw(SQUIDS, JSON, body)).identical();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith(PROBLEM);
        assertThat(answer.detail()).startsWith(detail);
        assertThat(total()).isEqualTo(before);
    }

    static List<Arguments> badAdjustments() {
        return List.of(
                Arguments.of("zero", "{\"delta\":0}", "delta must not be 0"),
                Arguments.of("fraction", "{\"delta\":1.5}", "delta must be a whole number"),
                Arguments.of("text", "{\"delta\":\"1\"}", "delta must be a whole number"),
                Arguments.of("missing", "{}", "delta is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAdjustments")
    void badAdjustmentIs400AndChangesNothing(String label, String body, String detail) {
        long id = created("Adjusted squid");

        Exchange answer = both(shop -> shop.post(SQUIDS + "/" + id + "/stock-adjustments", body))
                .identical();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.detail()).isEqualTo(detail);
        assertThat(both(shop -> shop.get(QUERY + "/" + id)).identical().etag()).isEqualTo("\"1\"");
    }

    @Test
    void wrongContentTypeIs415AndWritesNothing() {
        long before = total();

        Exchange answer = both(shop -> shop.postRaw(SQUIDS, "text/plain", aSquid("plain")))
                .identical();

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.contentType()).startsWith(PROBLEM);
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void bodyOver64KiBIs413AndWritesNothing() {
        long before = total();
        byte[] huge =
                ("{\"name\":\"a\",\"price\":1,\"stock\":1,\"origin\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes();

        Exchange declared =
                both(shop -> shop.postRaw(SQUIDS, JSON, huge, false)).identical();
        Exchange chunked = both(shop -> shop.postRaw(SQUIDS, JSON, huge, true)).identical();

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.contentType()).startsWith(PROBLEM);
        assertThat(declared.detail()).isEqualTo("the body must be at most 65536 bytes");
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(total()).isEqualTo(before);
    }

    static List<Arguments> methodsAndBodies() {
        return List.of(
                Arguments.of("PUT", "application/x-www-form-urlencoded"),
                Arguments.of("PATCH", "application/x-www-form-urlencoded"),
                Arguments.of("DELETE", "application/x-www-form-urlencoded"),
                Arguments.of("POST", "application/x-www-form-urlencoded"),
                Arguments.of("PUT", JSON),
                Arguments.of("POST", "text/plain"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("methodsAndBodies")
    void declaredBodyOver64KiBIs413BeforeAnyOfItIsSent(String method, String contentType) {
        long id = created("Declared squid");

        Exchange answer = both(shop -> shop.declaredOnly(method, SQUIDS + "/" + id, contentType, 10L * 1024 * 1024))
                .identical();

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith(PROBLEM);
        assertThat(answer.detail()).isEqualTo("the body must be at most 65536 bytes");
        assertThat(both(shop -> shop.get(QUERY + "/" + id)).identical().status())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("methodsAndBodies")
    void chunkedBodyOver64KiBIs413WhateverItsMethodAndType(String method, String contentType) {
        long id = created("Chunked squid");
        byte[] form = ("name=" + "x".repeat(256 * 1024)).getBytes(StandardCharsets.US_ASCII);

        Exchange answer = both(shop -> shop.chunked(method, SQUIDS + "/" + id, contentType, form))
                .identical();

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith(PROBLEM);
        assertThat(answer.detail()).isEqualTo("the body must be at most 65536 bytes");
        assertThat(both(shop -> shop.get(QUERY + "/" + id)).identical().etag()).isEqualTo("\"1\"");
    }

    @Test
    void chunkedBodyWithinTheLimitIsTakenAsSent() {
        long id = created("Small chunked squid");
        byte[] body = aSquid("Chunked but small").getBytes(StandardCharsets.UTF_8);

        Exchange replaced =
                both(shop -> shop.chunked("PUT", SQUIDS + "/" + id, JSON, body)).identical();

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("name").asString()).isEqualTo("Chunked but small");
    }

    @Test
    void bodyTheContainerCannotReadIsAProblemAndWritesNothing() {
        long before = total();

        Exchange answer =
                both(shop -> shop.malformedChunked("POST", SQUIDS, JSON)).identical();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith(PROBLEM);
        assertThat(answer.detail())
                .isEqualTo("the request could not be read; check its headers and the framing of its body");
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void errorPageIsAProblemNotSpringsDefaultBody() {
        Exchange query = both(shop -> shop.get("/error")).identical();
        Exchange command = both(shop -> shop.getCommand("/error")).identical();

        assertThat(query.status()).isEqualTo(500);
        assertThat(query.contentType()).startsWith(PROBLEM);
        assertThat(query.detail()).isEqualTo("an unexpected error occurred; it has been logged");
        assertThat(query.body()).doesNotContain("timestamp");
        assertThat(command).isEqualTo(query);
    }

    static List<String> exactNames() {
        return List.of(
                "'; DROP TABLE squid; --",
                "Robert'); DELETE FROM seafood WHERE ('1'='1",
                "오징어 볶음",
                "🦑 squid 🦑",
                "\"quoted\" \\ back\\slash",
                "🦑".repeat(100));
    }

    @ParameterizedTest
    @MethodSource("exactNames")
    void namesAreStoredAndReturnedExactly(String name) {
        String body = "{\"name\":"
                + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(name)
                + ",\"price\":1,\"stock\":1}";
        Exchange created = both(shop -> shop.post(SQUIDS, body)).identical();
        assertThat(created.status()).isEqualTo(201);

        Exchange read = both(shop -> shop.get(QUERY + "/" + created.id())).identical();
        assertThat(read.json().get("name").asString()).isEqualTo(name);
    }

    @Test
    void unknownPathIs404Problem() {
        Exchange answer = both(shop -> shop.get("/query/api/krakens")).identical();

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith(PROBLEM);
    }
}
