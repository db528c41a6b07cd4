package dev.molt.cutover.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.launcher.JavaProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor against a real child process killed with SIGKILL, as a crash would end it. */
class SupervisorIntegrationTests {

    private static final Supervisor.Backoff QUICK =
            new Supervisor.Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));

    @TempDir
    Path logs;

    private final List<String> console = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void aChildKilledWithSigkillIsRelaunchedWithTheSameCommandLineAndTheConsoleSaysSo() throws Exception {
        try (Supervisor supervisor = new Supervisor(QUICK, console::add);
                SupervisedProcess child = SupervisedProcess.start("child", aHealthyChild())) {
            supervisor.addListener(recordingListener());
            child.awaitHealthy(Duration.ofSeconds(20));
            supervisor.watch(child);
            ProcessHandle first = child.handle();
            List<String> commandLine = arguments(first);

            first.destroyForcibly();

            await("the relaunched child").atMost(Duration.ofSeconds(30)).until(() -> events.contains("healthy child"));
            ProcessHandle second = child.handle();
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(second.isAlive()).isTrue();
            assertThat(arguments(second)).isEqualTo(commandLine);
            assertThat(events).containsExactly("exited child: signal 9", "healthy child");
            assertThat(console.get(0)).isEqualTo("child exited (signal 9), restarting in 0.1 s");
            assertThat(console.get(1)).startsWith("child is back (healthy ").endsWith(" s after it exited)");
            assertThat(logs.resolve("child.1.log"))
                    .as("the log of the killed run")
                    .content()
                    .contains("listening");
            assertThat(logs.resolve("child.log"))
                    .as("the log of the new run")
                    .content()
                    .contains("listening");
        }
    }

    @Test
    void aStoppedSupervisorLetsAChildThatEndsStayDown() throws Exception {
        try (Supervisor supervisor = new Supervisor(QUICK, console::add);
                SupervisedProcess child = SupervisedProcess.start("child", aHealthyChild())) {
            child.awaitHealthy(Duration.ofSeconds(20));
            supervisor.watch(child);
            ProcessHandle first = child.handle();

            supervisor.close();
            first.destroyForcibly();

            await("the child's end").atMost(Duration.ofSeconds(10)).until(() -> !first.isAlive());
            await("a relaunch that must not come")
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> child.handle().pid() == first.pid());
            assertThat(console).isEmpty();
        }
    }

    @Test
    void theBackoffDoublesUpToItsLimitAndStartsOverAfterALongRun() {
        Supervisor.Backoff backoff = Supervisor.Backoff.DEFAULT;
        Duration shortRun = Duration.ofSeconds(1);

        Duration first = backoff.next(null, shortRun);
        Duration second = backoff.next(first, shortRun);
        Duration capped = backoff.next(Duration.ofSeconds(8), shortRun);
        Duration afterALongRun = backoff.next(Duration.ofSeconds(10), Duration.ofSeconds(31));

        assertThat(first).isEqualTo(Duration.ofMillis(500));
        assertThat(second).isEqualTo(Duration.ofSeconds(1));
        assertThat(capped).isEqualTo(Duration.ofSeconds(10));
        assertThat(afterALongRun).isEqualTo(Duration.ofMillis(500));
    }

    private Supervisor.Listener recordingListener() {
        return new Supervisor.Listener() {
            @Override
            public void exited(String name, String how) {
                events.add("exited " + name + ": " + how);
            }

            @Override
            public void healthy(String name, Duration down) {
                events.add("healthy " + name);
            }
        };
    }

    private JavaProcess.Builder aHealthyChild() throws Exception {
        int port = freePort();
        return JavaProcess.named("child")
                .main(testClasses(), HealthyChild.class.getName())
                .properties(Map.of("port", String.valueOf(port)))
                .log(logs.resolve("child.log"))
                .health(URI.create("http://127.0.0.1:" + port + "/health"));
    }

    private static List<String> arguments(ProcessHandle process) {
        return List.of(process.info().arguments().orElseThrow());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String testClasses() throws Exception {
        return Path.of(HealthyChild.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
    }
}
