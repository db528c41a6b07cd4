package dev.molt.gateway.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.RunningGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class ClientUsageIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @Test
    void everyRoutedCallIsCountedPerClientAndApiWithoutLeakingApiKeys() throws Exception {
        RunningGateway gateway = fixture.startAt(8, Map.of());
        MeterRegistry meters = gateway.context().getBean(MeterRegistry.class);

        for (int i = 0; i < 3; i++) {
            expectOk(call(gateway, "GET", "/query/api/squids/1", "X-Client-Id", "shop-web"));
        }
        expectOk(call(gateway, "POST", "/command/api/squids", "X-Client-Id", "shop-web"));
        expectOk(call(gateway, "GET", "/query/api/seafoods/1", "X-Client-Id", "shop-web"));
        expectOk(call(gateway, "POST", "/command/api/seafoods", "X-Client-Id", "shop-app"));
        expectOk(call(gateway, "GET", "/query/api/seafoods/1", "X-Api-Key", "secret-key-1"));

        assertThat(calls(meters, "shop-web", "old")).isEqualTo(4);
        assertThat(calls(meters, "shop-web", "new")).isEqualTo(1);
        assertThat(calls(meters, "shop-app", "old")).isZero();
        assertThat(calls(meters, "shop-app", "new")).isEqualTo(1);
        assertThat(meters.find("molt.gateway.client.calls").counters())
                .as("API keys are counted by a hash, never by the key itself")
                .noneMatch(c -> c.getId().getTag("client").contains("secret"))
                .anyMatch(c -> c.getId().getTag("client").startsWith("key-") && c.count() == 1);
    }

    @Test
    void thousandsOfDistinctClientIdsLeaveTheTableAtItsCapWithTheOverflowReportedAndTheMetersBounded()
            throws Exception {
        RunningGateway gateway = fixture.startAt(
                8, Map.of("molt.gateway.clients.capacity", 100, "molt.gateway.clients.metered-clients", 10));
        MeterRegistry meters = gateway.context().getBean(MeterRegistry.class);

        for (int i = 0; i < 3_000; i++) {
            expectOk(call(gateway, "GET", "/query/api/seafoods/1", "X-Client-Id", "client-" + i));
        }

        JsonNode table = Json.of(gateway.admin("GET", "/admin/cutover/clients"));
        assertThat(table.get("capacity").asInt()).isEqualTo(100);
        assertThat(table.get("overflowed").asBoolean()).isTrue();
        assertThat(table.get("evicted").asLong()).isGreaterThanOrEqualTo(2_900);
        assertThat(table.get("lastEvictedAt").isNull()).isFalse();
        assertThat(table.get("clients").size()).isLessThanOrEqualTo(100);
        assertThat(meters.find("molt.gateway.client.calls").counters())
                .as("10 own client tags and 'other', for the old and the new API")
                .hasSize(22);
        assertThat(meters.find("molt.gateway.client.calls").counters().stream()
                        .mapToDouble(Counter::count)
                        .sum())
                .as("every call counted once")
                .isEqualTo(3_000);
    }

    private static HttpResponse<String> call(
            RunningGateway gateway, String method, String path, String header, String value) {
        return gateway.send(HttpRequest.newBuilder(gateway.publicUri(path))
                .header(header, value)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        method.equals("GET")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    }

    private static void expectOk(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    private static double calls(MeterRegistry meters, String client, String api) {
        Counter counter = meters.find("molt.gateway.client.calls")
                .tags("client", client, "api", api)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
