package dev.molt.gateway.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.molt.gateway.support.ReplicatorStub;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.TestServices;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationValidationTests {

    @TempDir
    Path dir;

    @Test
    void badConfigurationStopsStartUpNamingTheProperty() throws Exception {
        try (TestServices services = TestServices.start();
                ReplicatorStub replicator = new ReplicatorStub()) {
            Map<String, Object> properties = RunningGateway.properties(
                    services,
                    replicator.uri(),
                    dir.resolve("cutover.json"),
                    Map.of("molt.gateway.routing.groups.old-api-query.prefix", "squids/**"));

            assertThatThrownBy(() -> RunningGateway.start(properties))
                    .rootCause()
                    .hasMessageContaining("molt.gateway.routing")
                    .hasMessageContaining("groups.oldApiQuery.prefix");
        }
    }

    @Test
    void sunsetLessThanADayAfterTheNewApiIsRoutedStopsStartUp() throws Exception {
        try (TestServices services = TestServices.start();
                ReplicatorStub replicator = new ReplicatorStub()) {
            Map<String, Object> properties = RunningGateway.properties(
                    services,
                    replicator.uri(),
                    dir.resolve("cutover.json"),
                    Map.of("molt.gateway.routing.sunset-after", "1h"));

            assertThatThrownBy(() -> RunningGateway.start(properties))
                    .rootCause()
                    .hasMessageContaining("molt.gateway.routing")
                    .hasMessageContaining("sunsetAfter");
        }
    }

    @Test
    void aWriteFenceWithoutTheApplicationAccountsStopsStartUp() throws Exception {
        try (TestServices services = TestServices.start();
                ReplicatorStub replicator = new ReplicatorStub()) {
            Map<String, Object> properties = RunningGateway.properties(
                    services,
                    replicator.uri(),
                    dir.resolve("cutover.json"),
                    Map.of("molt.gateway.fence.write-fence.enabled", "true"));

            assertThatThrownBy(() -> RunningGateway.start(properties))
                    .rootCause()
                    .hasMessageContaining("molt.gateway.fence.write-fence")
                    .hasMessageContaining("old-writer.user and new-writer.user");
        }
    }

    @Test
    void aWriteFenceAccountThatIsNoPlainNameStopsStartUp() throws Exception {
        try (TestServices services = TestServices.start();
                ReplicatorStub replicator = new ReplicatorStub()) {
            Map<String, Object> properties = RunningGateway.properties(
                    services,
                    replicator.uri(),
                    dir.resolve("cutover.json"),
                    Map.of("molt.gateway.fence.write-fence.old-writer.user", "app'; DROP USER x; --"));

            assertThatThrownBy(() -> RunningGateway.start(properties))
                    .rootCause()
                    .hasMessageContaining("molt.gateway.fence.write-fence")
                    .hasMessageContaining("oldWriter.user");
        }
    }

    @Test
    void noConnectionLimitStopsStartUpNamingTheProperty() throws Exception {
        try (TestServices services = TestServices.start();
                ReplicatorStub replicator = new ReplicatorStub()) {
            Map<String, Object> properties = RunningGateway.properties(
                    services,
                    replicator.uri(),
                    dir.resolve("cutover.json"),
                    Map.of("molt.gateway.server.max-connections", 0));

            assertThatThrownBy(() -> RunningGateway.start(properties))
                    .rootCause()
                    .hasMessageContaining("molt.gateway.server")
                    .hasMessageContaining("maxConnections");
        }
    }
}
