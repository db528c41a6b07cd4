package dev.molt.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.RunningGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Once the new API is routed (stage 8), old-API answers announce it with {@code Deprecation} and a
 * {@code successor-version} link, new-API answers do not, whichever path serves the request: run
 * with the fast path on and off. (The {@code Sunset} date and its origin are proven by the cutover
 * walk in {@code CutoverIntegrationTests}.)
 */
class DeprecationIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @ParameterizedTest(name = "fast path on: {0}")
    @ValueSource(booleans = {true, false})
    void oldApiAnswersAnnounceTheirSuccessorAndNewApiAnswersDoNot(boolean fastPath) {
        RunningGateway gateway = fixture.startAt(8, Map.of(RunningGateway.FAST_PATH, fastPath));
        assertThat(gateway.fastPathOn()).isEqualTo(fastPath);

        HttpResponse<String> oldRead = gateway.get("/query/api/squids/7");
        HttpResponse<String> oldWrite = gateway.post("/command/api/squids", "{}");
        HttpResponse<String> newRead = gateway.get("/query/api/seafoods/7");

        assertThat(oldRead.statusCode()).isEqualTo(200);
        assertThat(Json.of(oldRead).get("backend").asString()).isEqualTo("new-query");
        assertThat(oldRead.headers().firstValue("Deprecation")).hasValue("true");
        assertThat(oldRead.headers().allValues("Link"))
                .containsExactly("</query/api/seafoods/7>; rel=\"successor-version\"");
        assertThat(oldWrite.statusCode()).isEqualTo(201);
        assertThat(Json.of(oldWrite).get("backend").asString()).isEqualTo("new-command");
        assertThat(oldWrite.headers().firstValue("Deprecation")).hasValue("true");
        assertThat(oldWrite.headers().allValues("Link"))
                .containsExactly("</command/api/seafoods>; rel=\"successor-version\"");
        assertThat(newRead.statusCode()).isEqualTo(200);
        assertThat(newRead.headers().firstValue("Deprecation")).isEmpty();
        assertThat(newRead.headers().allValues("Link")).isEmpty();
    }
}
