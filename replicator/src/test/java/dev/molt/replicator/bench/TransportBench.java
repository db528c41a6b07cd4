package dev.molt.replicator.bench;

import static dev.molt.replicator.bench.ReplicatorBench.lag;
import static dev.molt.replicator.bench.ReplicatorBench.seconds;

import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.support.KafkaBroker;
import dev.molt.replicator.support.ShopDatabases;
import dev.molt.testsupport.DatabaseServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The transports side by side, not a test: in one run on the same MariaDB and an in-JVM Kafka
 * broker, the backlog drain rate and the commit-to-applied lag of the forward pipeline on the
 * direct transport and on Kafka, then the rate at which one and two appliers empty a change log
 * filled beforehand. Arguments: backlog events (default 100,000), writes per second (1,000), lag
 * seconds (20).
 */
public final class TransportBench {

    private static final int PARTITIONS = 4;

    public static void main(String[] args) throws Exception {
        int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        try (KafkaBroker broker = KafkaBroker.start()) {
            for (String transport : List.of("direct", "kafka")) {
                ShopDatabases shop = ShopDatabases.create("bench_" + transport);
                ReplicationPipeline forward = new ReplicationPipeline(
                        "forward",
                        shop.forwardPipeline(2048, transport, kafka(broker, true, 1, "")),
                        new SimpleMeterRegistry());
                forward.start();
                await(() -> forward.status().caughtUpAt() != null);

                forward.pause();
                shop.insertSquids(backlog);
                long t0 = System.nanoTime();
                forward.resume();
                forward.drain(Duration.ofMinutes(10));
                System.out.printf(
                        "%-6s backlog: %d events in %.1f s = %.0f events/s%n",
                        transport, backlog, seconds(t0), backlog / seconds(t0));

                List<Long> lags = lag(shop, rate, seconds);
                Collections.sort(lags);
                System.out.printf(
                        "%-6s lag under %d writes/s for %d s: p50 %d ms, p99 %d ms, max %d ms%n",
                        transport,
                        rate,
                        seconds,
                        lags.get(lags.size() / 2),
                        lags.get(lags.size() * 99 / 100),
                        lags.get(lags.size() - 1));
                forward.close();
            }
            appliers(broker, backlog);
        }
        System.exit(0);
    }

    /**
     * Fills a change log with a capture alone, then empties it into a fresh NEW database with one
     * applier and again, as another consumer group, into another with two.
     */
    private static void appliers(KafkaBroker broker, int backlog) throws Exception {
        ShopDatabases shop = ShopDatabases.create("bench_log");
        ReplicationPipeline capture = new ReplicationPipeline(
                "forward", shop.forwardPipeline(2048, "kafka", kafka(broker, true, 0, "")), new SimpleMeterRegistry());
        capture.start();
        await(() -> capture.status().changeLog() != null
                && capture.status().snapshot().completed());
        shop.insertSquids(backlog);
        await(() -> capture.status().changeLog().consumerLag() >= backlog);
        long records = capture.status().changeLog().consumerLag();
        capture.close();

        for (int members = 1; members <= 2; members++) {
            ShopDatabases target =
                    ShopDatabases.of(shop.old(), DatabaseServer.newDatabase("bench_log" + members + "_new"));
            ReplicatorProperties.Pipeline config =
                    target.forwardPipeline(2048, "kafka", kafka(broker, false, members, "bench-" + members));
            ReplicationPipeline applier = new ReplicationPipeline("forward", config, new SimpleMeterRegistry());
            long t0 = System.nanoTime();
            applier.start();
            await(() -> applier.status().changeLog().consumerLag() == 0);
            System.out.printf(
                    "kafka  %d applier%s: %d records in %.1f s = %.0f records/s%n",
                    members, members == 1 ? " " : "s", records, seconds(t0), records / seconds(t0));
            applier.close();
        }
    }

    private static ReplicatorProperties.Kafka kafka(KafkaBroker broker, boolean capture, int appliers, String group) {
        return new ReplicatorProperties.Kafka(
                broker.bootstrapServers(), "", PARTITIONS, (short) 1, capture, appliers, group);
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within 10 minutes");
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
