package dev.molt.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Load;
import dev.molt.gateway.support.ReplicatorStub;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.TestServices;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RouteSwitchUnderLoadIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @Test
    void flippingQueryRoutesBackAndForthUnderLoadFailsNoRequest() throws Exception {
        TestServices services = fixture.services();
        ReplicatorStub replicator = fixture.replicator();
        RunningGateway gateway = fixture.startAt(3, Map.of());
        replicator.pipeline("forward").state = "STREAMING";
        HttpRequest read = HttpRequest.newBuilder(gateway.publicUri("/query/api/squids/1"))
                .GET()
                .build();
        Load readers = Load.start(8, Duration.ofSeconds(60), 200_000, 0, client -> gateway.send(read));

        for (int flip = 0; flip < 10; flip++) {
            HttpResponse<String> switched =
                    gateway.admin("POST", flip % 2 == 0 ? "/admin/cutover/advance" : "/admin/cutover/rollback");
            assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        }
        readers.stop();

        assertThat(readers.answered(200)).isGreaterThan(100);
        assertThat(readers.answeredOtherThan(200))
                .as("statuses %s", readers.statuses())
                .isZero();
        assertThat(readers.transportErrors()).isZero();
        assertThat(services.oldQuery().apiRequests()).isPositive();
        assertThat(services.newQuery().apiRequests()).isPositive();
    }
}
