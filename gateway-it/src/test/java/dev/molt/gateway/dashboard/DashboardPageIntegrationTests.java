package dev.molt.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.RunningGateway;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The page on the admin port, over real HTTP: what needs the token and what does not, and the operator's reason. */
class DashboardPageIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @Test
    void thePageAndItsAssetsNeedNoTokenAndRunOnlyTheirOwnScripts() {
        RunningGateway gateway = fixture.start(Map.of());

        HttpResponse<String> page = gateway.admin("GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy).contains("script-src 'self'"));
        assertThat(page.body()).contains("id=\"stage\"").contains("dashboard/app.js");
        HttpResponse<String> script = gateway.admin("GET", "/dashboard/app.js", null);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(gateway.admin("GET", "/dashboard/style.css", null).statusCode())
                .isEqualTo(200);
        assertThat(gateway.admin("GET", "/admin/cutover", null).statusCode()).isEqualTo(401);
        assertThat(gateway.admin("GET", "/admin/cutover/clients", "wrong").statusCode())
                .isEqualTo(403);
    }

    @Test
    void aTransitionKeepsTheOperatorsReasonInTheHistoryAndRefusesAMalformedOne() {
        RunningGateway gateway = fixture.startAt(9, Map.of());

        HttpResponse<String> tooLong =
                gateway.admin("POST", "/admin/cutover/advance?force=true&reason=" + "x".repeat(501));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(Json.of(tooLong).get("detail").asString()).contains("at most 500 characters");
        assertThat(Json.of(gateway.admin("GET", "/admin/cutover")).get("stage").asInt())
                .isEqualTo(9);

        HttpResponse<String> forced = gateway.admin(
                "POST",
                "/admin/cutover/advance?force=true&reason="
                        + URLEncoder.encode("clients confirmed by mail", StandardCharsets.UTF_8));
        assertThat(forced.statusCode()).isEqualTo(200);
        assertThat(gateway.admin("POST", "/admin/cutover/rollback").statusCode())
                .isEqualTo(200);

        JsonNode history = Json.of(gateway.admin("GET", "/admin/cutover")).get("history");
        assertThat(history.get(history.size() - 2).get("reason").asString()).isEqualTo("clients confirmed by mail");
        assertThat(history.get(history.size() - 1).get("reason").isNull()).isTrue();
    }
}
