package dev.molt.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaProcessTests {

    @TempDir
    Path logs;

    @Test
    void secretsReachTheChildThroughItsEnvironmentAndNeverItsCommandLine() throws Exception {
        try (JavaProcess child = JavaProcess.named("idle")
                .main(testClasses(), Idle.class.getName())
                .properties(Map.of("server.port", "18123", "spring.datasource.username", "shop_old_app"))
                .environment(
                        Map.of("SPRING_DATASOURCE_PASSWORD", "pw-not-for-ps", "MOLT_ADMIN_TOKEN", "token-not-for-ps"))
                .log(logs.resolve("idle.log"))
                .start()) {
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

    @Test
    void environmentNamesAreTheOnesSpringBootBinds() {
        assertThat(JavaProcess.environmentName("spring.datasource.password")).isEqualTo("SPRING_DATASOURCE_PASSWORD");
        assertThat(JavaProcess.environmentName("molt.gateway.cutover.old-database.password"))
                .isEqualTo("MOLT_GATEWAY_CUTOVER_OLDDATABASE_PASSWORD");
    }

    @Test
    void commandLineIsJavaWithTheFastStartOptionsTheJarAndTheSettingsInOrder() {
        var command = JavaProcess.named("gateway")
                .jvmOptions("-Xmx384m")
                .jar(Path.of("gateway-exec.jar"))
                .properties(Map.of("server.port", "8080"))
                .command();

        assertThat(command.get(0)).endsWith(Path.of("bin", "java").toString());
        assertThat(command.subList(1, command.size()))
                .containsExactly(
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Xmx384m",
                        "-jar",
                        "gateway-exec.jar",
                        "--server.port=8080");
    }

    @Test
    void aChildThatDiesDuringStartUpFailsTheWaitWithItsExitCodeAndLog() throws Exception {
        try (JavaProcess child = JavaProcess.named("doomed")
                .main(testClasses(), Exits.class.getName())
                .properties(Map.of("code", "3"))
                .health(URI.create("http://127.0.0.1:9/"))
                .log(logs.resolve("nested").resolve("doomed.log"))
                .start()) {
            assertThatThrownBy(() -> child.awaitReady(Duration.ofSeconds(60)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("doomed stopped during start-up (exit 3)")
                    .hasMessageContaining("giving up: no database configured");
            assertThat(child.exitValue()).hasValue(3);
        }
    }

    @Test
    void closeStopsTheChildGracefullyAndKillStopsItTheHardWay() throws Exception {
        JavaProcess polite = JavaProcess.named("polite")
                .main(testClasses(), Idle.class.getName())
                .log(logs.resolve("polite.log"))
                .start();
        JavaProcess crashed = JavaProcess.named("crashed")
                .main(testClasses(), Idle.class.getName())
                .log(logs.resolve("crashed.log"))
                .start();

        polite.close();
        crashed.kill();

        assertThat(polite.isAlive()).isFalse();
        assertThat(JavaProcess.describeExit(polite.exitValue().orElseThrow()))
                .isEqualTo("killed by signal 15 (SIGTERM)");
        assertThat(JavaProcess.describeExit(crashed.exitValue().orElseThrow()))
                .isEqualTo("killed by signal 9 (SIGKILL)");
    }

    @Test
    void exitValuesAreDescribedAsCodesOrSignals() {
        assertThat(JavaProcess.describeExit(0)).isEqualTo("exit 0");
        assertThat(JavaProcess.describeExit(1)).isEqualTo("exit 1");
        assertThat(JavaProcess.describeExit(137)).isEqualTo("killed by signal 9 (SIGKILL)");
        assertThat(JavaProcess.describeExit(129)).isEqualTo("killed by signal 1");
    }

    private static String testClasses() throws Exception {
        return Path.of(Idle.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
    }
}
