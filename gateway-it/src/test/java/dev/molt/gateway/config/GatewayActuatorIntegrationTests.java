package dev.molt.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.ReplicatorStub;
import dev.molt.gateway.support.RunningGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The management port may show the gateway's routes but never change them: only the stage machine does. */
class GatewayActuatorIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @Test
    void theGatewayActuatorRefusesToAddARouteAndTheRoutesStayAsTheyWere() throws Exception {
        ReplicatorStub replicator = fixture.replicator();
        RunningGateway gateway = fixture.start(Map.of("management.server.port", 0));
        String management =
                "http://127.0.0.1:" + gateway.context().getEnvironment().getRequiredProperty("local.management.port");
        String before = gateway.send(HttpRequest.newBuilder(URI.create(management + "/actuator/gateway/routes"))
                        .build())
                .body();

        HttpResponse<String> added = gateway.send(HttpRequest.newBuilder(
                        URI.create(management + "/actuator/gateway/routes/expose-replicator"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uri\":\"" + replicator.uri()
                        + "\",\"predicates\":[{\"name\":\"Path\",\"args\":{\"_genkey_0\":\"/replicator/**\"}}]}"))
                .build());
        HttpResponse<String> refreshed =
                gateway.send(HttpRequest.newBuilder(URI.create(management + "/actuator/gateway/refresh"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
        HttpResponse<String> after =
                gateway.send(HttpRequest.newBuilder(URI.create(management + "/actuator/gateway/routes"))
                        .build());

        assertThat(added.statusCode()).as(added.body()).isBetween(400, 499);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isBetween(400, 499);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo(before).doesNotContain("expose-replicator");
        assertThat(gateway.get("/replicator/pipelines").statusCode()).isEqualTo(404);
    }
}
