package dev.molt.newcommand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The new API's commands over real HTTP on a real database, and the old API's retirement switch. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NewApiTests {

    private static final TestDatabase DB = DatabaseServer.newDatabase("new_command");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.register(registry);
    }

    @LocalServerPort
    int port;

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static String aCrab() {
        return """
                {"category":"CRAB","name":"Snow crab","price":{"amount":45000.5,"currency":"USD"},
                 "stockQuantity":3,"catchArea":"Uljin"}""";
    }

    @Test
    void createShowsTheNewShapeWithMoney() throws Exception {
        HttpResponse<String> created = send("POST", "/command/api/seafoods", aCrab());

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = json(created);
        assertThat(created.headers().firstValue("Location"))
                .hasValue("/query/api/seafoods/" + body.get("id").asLong());
        assertThat(created.body()).contains("\"price\":{\"amount\":45000.50,\"currency\":\"USD\"}");
        assertThat(body.get("category").asString()).isEqualTo("CRAB");
        assertThat(body.get("stockQuantity").asInt()).isEqualTo(3);
        assertThat(body.get("catchArea").asString()).isEqualTo("Uljin");
        assertThat(body.get("version").asLong()).isEqualTo(1);
    }

    @Test
    void currencyDefaultsToWon() throws Exception {
        HttpResponse<String> created = send("POST", "/command/api/seafoods", """
                {"category":"SQUID","name":"Squid","price":{"amount":1000},"stockQuantity":1}""");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("price").get("currency").asString()).isEqualTo("KRW");
    }

    @Test
    void theAliasDoesNotSeeOtherCategories() throws Exception {
        long crab =
                json(send("POST", "/command/api/seafoods", aCrab())).get("id").asLong();

        HttpResponse<String> viaAlias =
                send("POST", "/command/api/squids/" + crab + "/stock-adjustments", "{\"delta\":1}");

        assertThat(viaAlias.statusCode()).isEqualTo(404);
        assertThat(json(viaAlias).get("detail").asString()).isEqualTo("no squid with id " + crab);
    }

    @Test
    void squidsCreatedThroughTheAliasAreSeafoodOfCategorySquid() throws Exception {
        long id = json(send("POST", "/command/api/squids", "{\"name\":\"Squid\",\"price\":900,\"stock\":2}"))
                .get("id")
                .asLong();

        HttpResponse<String> adjusted =
                send("POST", "/command/api/seafoods/" + id + "/stock-adjustments", "{\"delta\":3}");

        assertThat(json(adjusted).get("category").asString()).isEqualTo("SQUID");
        assertThat(json(adjusted).get("price").get("amount").decimalValue()).isEqualByComparingTo("900");
        assertThat(json(adjusted).get("stockQuantity").asInt()).isEqualTo(5);
    }

    @Test
    void adjustmentBeyondTheLargestStockIs409AndChangesNothing() throws Exception {
        long id = json(send("POST", "/command/api/seafoods", """
                        {"category":"CRAB","name":"Full crab","price":{"amount":1},"stockQuantity":2147483647}""")).get("id").asLong();

        HttpResponse<String> refused =
                send("POST", "/command/api/seafoods/" + id + "/stock-adjustments", "{\"delta\":1}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(refused).get("detail").asString())
                .isEqualTo("stock of seafood " + id + " is 2147483647; adjusting it by 1 would make it larger than"
                        + " 2147483647");
        HttpResponse<String> lowered =
                send("POST", "/command/api/seafoods/" + id + "/stock-adjustments", "{\"delta\":-1}");
        assertThat(json(lowered).get("stockQuantity").asInt()).isEqualTo(2147483646);
        assertThat(json(lowered).get("version").asLong()).isEqualTo(2);
    }

    static List<Arguments> badSeafood() {
        return List.of(
                Arguments.of("{\"name\":\"a\",\"price\":{\"amount\":1},\"stockQuantity\":1}", "category is required"),
                Arguments.of(
                        "{\"category\":\"crab\",\"name\":\"a\",\"price\":{\"amount\":1},\"stockQuantity\":1}",
                        "category must be 1 to 32 capital letters"),
                Arguments.of(
                        "{\"category\":\"CRAB\",\"name\":\"a\",\"price\":1,\"stockQuantity\":1}",
                        "price must be an object"),
                Arguments.of(
                        "{\"category\":\"CRAB\",\"name\":\"a\",\"price\":{\"amount\":1.234},\"stockQuantity\":1}",
                        "price.amount must be between 0 and 9999999999.99 with at most 2 decimal places"),
                Arguments.of(
                        "{\"category\":\"CRAB\",\"name\":\"a\",\"price\":{\"amount\":-1},\"stockQuantity\":1}",
                        "price.amount must be between 0"),
                Arguments.of(
                        "{\"category\":\"CRAB\",\"name\":\"a\",\"price\":{\"amount\":1,\"currency\":\"won\"},\"stockQuantity\":1}",
                        "price.currency must be a three-letter ISO 4217 code"),
                Arguments.of(
                        "{\"category\":\"SQUID\",\"name\":\"a\",\"price\":{\"amount\":1.5},\"stockQuantity\":1}",
                        "the price of a SQUID must be a whole amount of KRW"),
                Arguments.of(
                        "{\"category\":\"SQUID\",\"name\":\"a\",\"price\":{\"amount\":1,\"currency\":\"USD\"},\"stockQuantity\":1}",
                        "the price of a SQUID must be a whole amount of KRW"),
                Arguments.of(
                        "{\"category\":\"CRAB\",\"name\":\"a\",\"price\":{\"amount\":1},\"stockQuantity\":-1}",
                        "stockQuantity must be a whole number, 0 or more"),
                Arguments.of(
                        "{\"category\":\"CRAB\",\"name\":\"a\",\"price\":{\"amount\":1},\"stockQuantity\":2147483648}",
                        "stockQuantity must be a whole number, 0 or more"),
                Arguments.of(
                        "{\"category\":\"CRAB\",\"name\":\"a\",\"price\":{\"amount\":10000000000},\"stockQuantity\":1}",
                        "price.amount must be between 0 and 9999999999.99"));
    }

    @ParameterizedTest
    @MethodSource("badSeafood")
    void badSeafoodIs400WithADetail(String body, String detail) throws Exception {
        HttpResponse<String> answer = send("POST", "/command/api/seafoods", body);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(answer).get("detail").asString()).startsWith(detail);
    }

    @Test
    void theOldApiAnswers410OnceTheAliasIsSwitchedOffAndComesBackWhenSwitchedOn() throws Exception {
        HttpResponse<String> off = send("POST", "/actuator/alias", "{\"enabled\":false}");
        assertThat(off.statusCode()).isEqualTo(200);
        try {
            HttpResponse<String> gone = send("POST", "/command/api/squids", "{\"name\":\"a\",\"price\":1,\"stock\":1}");
            assertThat(gone.statusCode()).isEqualTo(410);
            assertThat(json(gone).get("detail").asString()).contains("/command/api/seafoods");
            assertThat(send("POST", "/command/api/seafoods", aCrab()).statusCode())
                    .isEqualTo(201);
        } finally {
            assertThat(send("POST", "/actuator/alias", "{\"enabled\":true}").statusCode())
                    .isEqualTo(200);
        }
        assertThat(json(send("GET", "/actuator/alias", null)).get("enabled").asBoolean())
                .isTrue();
        assertThat(send("POST", "/command/api/squids", "{\"name\":\"a\",\"price\":1,\"stock\":1}")
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void migrationsCreateTheSeafoodTable() throws IOException, java.sql.SQLException {
        try (var connection = DB.connect();
                var rows = connection.getMetaData().getColumns(DB.name(), null, "seafood", null)) {
            List<String> columns = new java.util.ArrayList<>();
            while (rows.next()) {
                columns.add(rows.getString("COLUMN_NAME"));
            }
            assertThat(columns)
                    .containsExactly(
                            "id",
                            "category",
                            "display_name",
                            "price_amount",
                            "price_currency",
                            "stock_quantity",
                            "catch_area",
                            "updated_at",
                            "version");
        }
    }
}
