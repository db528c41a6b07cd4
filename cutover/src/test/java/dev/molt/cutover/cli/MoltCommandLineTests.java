package dev.molt.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Wrong use of {@code ./molt} gets a plain message and a non-zero exit, and starts nothing. */
class MoltCommandLineTests {

    private record Outcome(int exitCode, String out, String err) {}

    private static Outcome molt(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Molt.run(args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void anUnknownCommandIsNamedAndExitsWith2() {
        Outcome outcome = molt("launch");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("Unmatched argument", "'launch'");
    }

    @Test
    void anUnknownFlagIsNamedAndExitsWith2() {
        Outcome outcome = molt("status", "--verbose");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("Unknown option: '--verbose'");
    }

    @Test
    void anUnknownTransportIsRefusedBeforeAnythingStarts() {
        Outcome outcome = molt("up", "--transport", "carrier-pigeon");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--transport", "DIRECT, KAFKA", "carrier-pigeon");
    }

    @Test
    void gatewayReplicasOutsideOneToNineAreRefusedBeforeAnythingStarts() {
        for (String command : new String[] {"up", "play"}) {
            for (String count : new String[] {"0", "10"}) {
                Outcome outcome = molt(command, "--gateways", count, "--port-offset", "1");

                assertThat(outcome.exitCode())
                        .as("%s --gateways %s", command, count)
                        .isEqualTo(2);
                assertThat(outcome.err()).contains("--gateways must be between 1 and 9, not " + count);
                assertThat(outcome.out()).doesNotContain("starting");
            }
        }
    }

    @Test
    void anUnknownFaultIsNamedAndExitsWith2BeforeAnythingStarts() {
        Outcome outcome = molt("play", "--faults", "replicator,disk", "--port-offset", "1");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err())
                .contains("--faults: unknown fault 'disk'; choose from replicator, old-db, gateway-switch,"
                        + " new-command, kafka");
        assertThat(outcome.out()).doesNotContain("starting");
    }

    @Test
    void aFaultDrillOnAnAttachedStackIsRefused() {
        Outcome outcome = molt("play", "--faults", "--attach");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("not with --attach");
    }

    @Test
    void clientsAndOneKindOfClientTogetherAreRefused() {
        Outcome outcome = molt("play", "--clients", "50", "--readers", "3");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--clients sets --readers too");
    }

    @Test
    void noCommandAsksForOne() {
        Outcome outcome = molt();

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("name a command");
    }

    @Test
    void aPlayAttachedToAGatewayThatIsNotThereSaysSoAndStartsNothing() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        Outcome outcome = molt("play", "--attach", "--admin-url", "http://127.0.0.1:" + port, "--token", "t");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("127.0.0.1:" + port);
        assertThat(outcome.out()).doesNotContain("starting", "seeding");
    }

    @Test
    void anUnreachableGatewayIsSaidPlainly() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        Outcome outcome = molt("status", "--admin-url", "http://127.0.0.1:" + port, "--token", "t");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("cannot reach the gateway's admin API", "./molt up");
    }

    @Test
    void anUnreachableReplicatorIsSaidPlainly() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        Outcome outcome = molt("verify", "--replicator-url", "http://127.0.0.1:" + port);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("cannot reach the replicator");
    }

    @Test
    void aWrongDurationIsNamed() {
        Outcome outcome = molt("play", "--dwell", "ten seconds");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("'ten seconds' is not a duration like 500ms, 10s or 2m");
    }

    @Test
    void aPlayWithoutSquidsOrAdjustersOrWithNegativeClientsIsRefusedBeforeAnythingStarts() {
        for (String[] wrong : new String[][] {
            {"--squids", "0"},
            {"--adjusters", "0"},
            {"--readers", "-1"},
            {"--writers", "-1"},
            {"--read-after-writers", "-1"}
        }) {
            Outcome outcome = molt("play", "--port-offset", "12000", wrong[0], wrong[1]);

            assertThat(outcome.exitCode()).as(String.join(" ", wrong)).isEqualTo(2);
            assertThat(outcome.err())
                    .contains("--squids and --adjusters must be at least 1; client counts must not be negative");
            assertThat(outcome.out()).doesNotContain("starting", "seeding");
        }
    }

    @Test
    void aTakenPortStopsUpBeforeAnythingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Outcome outcome =
                    molt("up", "--port-offset", "12000", "--gateway-port", String.valueOf(taken.getLocalPort()));

            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.err()).contains("port already taken: ", taken.getLocalPort() + " (gateway)");
        }
    }

    @Test
    void helpListsTheCommands() {
        Outcome outcome = molt("--help");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("up", "play", "status", "advance", "rollback", "clients", "verify");
    }
}
