package dev.molt.newquery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The new API's reads and the alias's view of them, over real HTTP, through a read-only user. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NewQueryTests {

    private static final TestDatabase DB = DatabaseServer.newDatabase("new_query");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.readOnly().register(registry);
    }

    @BeforeAll
    static void seafood() throws SQLException {
        Flyway.configure()
                .dataSource(DB.jdbcUrl(), DB.user(), DB.password())
                .locations("classpath:db/seafood")
                .load()
                .migrate();
        try (Connection c = DB.connect();
                Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO seafood (id, category, display_name, price_amount, price_currency, stock_quantity,
                                         catch_area, updated_at, version) VALUES
                    (1, 'SQUID', 'Squid', 1000, 'KRW', 3, 'Jeju', NOW(6), 4),
                    (2, 'CRAB', 'King crab', 99000.50, 'USD', 1, NULL, NOW(6), 1),
                    (3, 'SQUID', 'Cuttle', 2000, 'KRW', 0, NULL, NOW(6), 2)""");
        }
    }

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    @Test
    void theNewApiShowsEveryCategory() throws Exception {
        JsonNode page = json(get("/query/api/seafoods"));

        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("items").get(1).get("price").get("amount").decimalValue())
                .isEqualByComparingTo("99000.50");
        assertThat(page.get("items").get(1).get("price").get("currency").asString())
                .isEqualTo("USD");
    }

    @Test
    void theNewApiFiltersByCategory() throws Exception {
        JsonNode page = json(get("/query/api/seafoods?category=CRAB"));

        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("name").asString()).isEqualTo("King crab");
        assertThat(get("/query/api/seafoods?category=crab").statusCode()).isEqualTo(400);
    }

    @Test
    void theAliasShowsOnlySquidsInTheOldShape() throws Exception {
        HttpResponse<String> page = get("/query/api/squids");

        assertThat(json(page).get("total").asLong()).isEqualTo(2);
        assertThat(page.body())
                .contains("{\"id\":1,\"name\":\"Squid\",\"price\":1000,\"stock\":3,\"origin\":\"Jeju\",\"version\":4}");
        assertThat(get("/query/api/squids/2").statusCode()).isEqualTo(404);
        assertThat(get("/query/api/seafoods/2").statusCode()).isEqualTo(200);
    }

    @Test
    void oneItemCarriesItsVersionAsETag() throws Exception {
        HttpResponse<String> one = get("/query/api/seafoods/1");

        assertThat(one.headers().firstValue("ETag")).hasValue("\"4\"");
        assertThat(json(one).get("stockQuantity").asInt()).isEqualTo(3);
    }
}
