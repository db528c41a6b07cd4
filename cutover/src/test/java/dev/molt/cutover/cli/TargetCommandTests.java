package dev.molt.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ./molt target} and {@code --override} send what the gateway's admin API takes, over real HTTP. */
class TargetCommandTests {

    private HttpServer gateway;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void gateway() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/admin/cutover", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI() + (body.isEmpty() ? "" : " " + body));
            byte[] answer =
                    "{\"stage\":3,\"name\":\"NEW query deployed\",\"target\":{\"stage\":12,\"force\":[10],\"source\":\"admin api\",\"state\":\"converging\",\"since\":\"now\",\"blockers\":[]}}"
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    private String[] withAdmin(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--admin-url";
        all[args.length + 1] = "http://127.0.0.1:" + gateway.getAddress().getPort();
        all[args.length + 2] = "--token";
        all[args.length + 3] = "t";
        return all;
    }

    private static String molt(int expectedExit, String... args) {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(Molt.run(args)).isEqualTo(expectedExit);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(originalOut);
        }
    }

    @Test
    void aTargetWithForcedStagesAndAReasonIsPutAndShown() {
        String printed = molt(0, withAdmin("target", "12", "--force", "10", "--reason", "release 7"));

        assertThat(calls)
                .containsExactly(
                        "PUT /admin/cutover/target {\"stage\":12,\"force\":[10],\"reason\":\"release 7\"}",
                        "GET /admin/cutover");
        assertThat(printed).contains("target: stage 12 (admin api), converging since now, forcing 10");
    }

    @Test
    void clearDeletesTheTarget() {
        molt(0, withAdmin("target", "--clear"));

        assertThat(calls).containsExactly("DELETE /admin/cutover/target", "GET /admin/cutover");
    }

    @Test
    void overrideIsSentWithAManualAdvanceAndRollback() {
        molt(0, withAdmin("advance", "--override"));
        molt(0, withAdmin("rollback", "--force", "--override"));

        assertThat(calls)
                .containsExactly(
                        "POST /admin/cutover/advance?override=true",
                        "POST /admin/cutover/rollback?force=true&override=true");
    }

    @Test
    void neitherAStageNorClearIsWrongUseAndCallsNothing() {
        molt(2, withAdmin("target"));
        molt(2, withAdmin("target", "4", "--clear"));

        assertThat(calls).isEmpty();
    }
}
