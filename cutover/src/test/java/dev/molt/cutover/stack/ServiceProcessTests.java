package dev.molt.cutover.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTests {

    @TempDir
    Path logs;

    @Test
    void secretsReachTheChildThroughItsEnvironmentAndNeverItsCommandLine() throws Exception {
        try (ServiceProcess child = ServiceProcess.start(
                "idle",
                List.of("-cp", testClasses(), Idle.class.getName()),
                URI.create("http://127.0.0.1:9/"),
                Map.of("server.port", "18123", "spring.datasource.username", "shop_old_app"),
                Map.of("SPRING_DATASOURCE_PASSWORD", "pw-not-for-ps", "MOLT_ADMIN_TOKEN", "token-not-for-ps"),
                logs)) {
            await("the child's command line")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> String.join(
                                    " ", child.handle().info().arguments().orElse(new String[0]))
                            .contains("--server.port=18123"));
            String commandLine =
                    String.join(" ", child.handle().info().arguments().orElseThrow());

            assertThat(commandLine)
                    .contains("--spring.datasource.username=shop_old_app")
                    .doesNotContain("pw-not-for-ps")
                    .doesNotContain("token-not-for-ps");
            Path environ = Path.of("/proc", String.valueOf(child.handle().pid()), "environ");
            if (Files.isReadable(environ)) {
                assertThat(Arrays.asList(new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).split("\0")))
                        .contains("SPRING_DATASOURCE_PASSWORD=pw-not-for-ps", "MOLT_ADMIN_TOKEN=token-not-for-ps");
            }
        }
    }

    private static String testClasses() throws Exception {
        return Path.of(Idle.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
    }

    @Test
    void environmentNamesAreTheOnesSpringBootBinds() {
        assertThat(ServiceProcess.environmentName("spring.datasource.password"))
                .isEqualTo("SPRING_DATASOURCE_PASSWORD");
        assertThat(ServiceProcess.environmentName("molt.gateway.cutover.old-database.password"))
                .isEqualTo("MOLT_GATEWAY_CUTOVER_OLDDATABASE_PASSWORD");
    }
}
