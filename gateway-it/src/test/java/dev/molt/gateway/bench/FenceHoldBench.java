package dev.molt.gateway.bench;

import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.Load;
import dev.molt.gateway.support.ReplicatorStub;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.StateFiles;
import dev.molt.gateway.support.TestServices;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Hold time of the fenced command switch: {@code switches} switches 5 -> 6 -> 5 ... under
 * {@code writers} clients writing {@code perWriter} commands/s each (20 x 25 = 500 writes/s by default),
 * after a warm-up of the same shape, against echoing test backends and a replicator stub whose
 * drain answers after {@code drainMillis}. A bench, not a test: it prints figures and asserts
 * nothing but that no write failed. Run it with {@code gateway/bench/fence.sh}.
 */
public final class FenceHoldBench {

    private FenceHoldBench() {}

    public static void main(String[] args) throws Exception {
        int switches = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int writers = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double perWriter = args.length > 2 ? Double.parseDouble(args[2]) : 25;
        long drainMillis = args.length > 3 ? Long.parseLong(args[3]) : 5;
        Path dir = Files.createTempDirectory("molt-fence-bench");
        try (TestServices services = TestServices.start();
                ReplicatorStub replicator = new ReplicatorStub();
                RunningGateway gateway = RunningGateway.start(RunningGateway.properties(
                        services,
                        replicator.uri(),
                        StateFiles.atStage(dir, 5),
                        Map.of("logging.level.root", "WARN", "logging.level.dev.molt.gateway.fence", "INFO")))) {
            replicator.pipeline("forward").state = "STREAMING";
            replicator.drainTakes(drainMillis);
            HttpRequest write = HttpRequest.newBuilder(gateway.publicUri("/command/api/squids"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"a\",\"price\":1,\"stock\":1}"))
                    .build();
            Load writeLoad = Load.start(
                    writers, Duration.ofMinutes(5), Long.MAX_VALUE, perWriter, client -> gateway.send(write));
            try {
                switchRepeatedly(gateway, switches, Duration.ofMillis(250));
                long acknowledgedBefore = writeLoad.answered(201);
                long measureStart = System.nanoTime();
                List<Long> holds = switchRepeatedly(gateway, switches, Duration.ofMillis(250));
                double writesPerSecond =
                        (writeLoad.answered(201) - acknowledgedBefore) / ((System.nanoTime() - measureStart) / 1e9);
                writeLoad.stop();
                Collections.sort(holds);
                System.out.printf(
                        "fenced switch hold over %d switches, %d writers x %.0f/s offered, %.0f writes/s acknowledged"
                                + " while measuring, drain %d ms:"
                                + " p50 %d ms, p99 %d ms, max %d ms, min %d ms%n  all %s%n"
                                + "  writes acknowledged %d, other statuses %d, transport errors %d%n",
                        holds.size(),
                        writers,
                        perWriter,
                        writesPerSecond,
                        drainMillis,
                        holds.get(holds.size() / 2),
                        holds.get((int) Math.ceil(holds.size() * 0.99) - 1),
                        holds.get(holds.size() - 1),
                        holds.get(0),
                        holds,
                        writeLoad.answered(201),
                        writeLoad.answeredOtherThan(201),
                        writeLoad.transportErrors());
            } finally {
                writeLoad.close();
            }
        }
    }

    /** An even number of switches ends at the stage it started from, so warm-up and measurement match. */
    private static List<Long> switchRepeatedly(RunningGateway gateway, int switches, Duration between) {
        List<Long> holds = new ArrayList<>();
        for (int i = 0; i < switches; i++) {
            HttpResponse<String> switched =
                    gateway.admin("POST", i % 2 == 0 ? "/admin/cutover/advance" : "/admin/cutover/rollback");
            if (switched.statusCode() != 200) {
                throw new IllegalStateException("switch " + i + " answered " + switched.body());
            }
            holds.add(Json.of(switched).get("holdMillis").asLong());
            LockSupport.parkNanos(between.toNanos());
        }
        return holds;
    }
}
