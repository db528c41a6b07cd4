package dev.molt.replicator.bench;

import static dev.molt.replicator.bench.ReplicatorBench.lag;
import static dev.molt.replicator.bench.ReplicatorBench.seconds;

import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.config.ReplicatorProperties.EventFormat;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.support.KafkaBroker;
import dev.molt.replicator.support.ShopDatabases;
import dev.molt.testsupport.DatabaseServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The transports side by side, not a test: in one run on the same MariaDB and an in-JVM Kafka
 * broker, the backlog drain rate and the commit-to-applied lag of the forward pipeline on the
 * direct transport and on Kafka in each change log format, then, per format, the bytes per event
 * and the rate at which one and two appliers empty a change log filled beforehand. Arguments:
 * backlog events (default 100,000), writes per second (1,000), lag seconds (20), formats
 * ({@code compact,schemas}). Phases are profiled where {@link BenchProfiler} is switched on.
 */
public final class TransportBench {

    private static final int PARTITIONS = 4;

    /** A transport as the bench runs it: its name in the output, its kind, its format on Kafka. */
    private record Leg(String name, String transport, EventFormat format) {}

    public static void main(String[] args) throws Exception {
        int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        List<EventFormat> formats = Arrays.stream((args.length > 3 ? args[3] : "compact,schemas").split(","))
                .map(format -> EventFormat.valueOf(format.toUpperCase(Locale.ROOT)))
                .toList();
        List<Leg> legs = new ArrayList<>(List.of(new Leg("direct", "direct", EventFormat.COMPACT)));
        formats.forEach(format ->
                legs.add(new Leg("kafka-" + format.name().toLowerCase(Locale.ROOT), "kafka", format)));
        try (KafkaBroker broker = KafkaBroker.start()) {
            for (Leg leg : legs) {
                String transport = leg.name();
                ShopDatabases shop = ShopDatabases.create("bench_" + transport.replace('-', '_'));
                ReplicationPipeline forward = new ReplicationPipeline(
                        "forward",
                        shop.forwardPipeline(
                                2048,
                                leg.transport(),
                                kafka(broker, true, 1, "bench." + transport, "bench-" + transport, leg.format())),
                        new SimpleMeterRegistry());
                forward.start();
                await(() -> forward.status().caughtUpAt() != null);

                forward.pause();
                shop.insertSquids(backlog);
                long t0 = System.nanoTime();
                try (BenchProfiler profile = BenchProfiler.phase(transport + "-backlog")) {
                    forward.resume();
                    forward.drain(Duration.ofMinutes(10));
                }
                System.out.printf(
                        "%-13s backlog: %d events in %.1f s = %.0f events/s%n",
                        transport, backlog, seconds(t0), backlog / seconds(t0));

                List<Long> lags = lag(shop, rate, seconds);
                Collections.sort(lags);
                System.out.printf(
                        "%-13s lag under %d writes/s for %d s: p50 %d ms, p99 %d ms, max %d ms%n",
                        transport,
                        rate,
                        seconds,
                        lags.get(lags.size() / 2),
                        lags.get(lags.size() * 99 / 100),
                        lags.get(lags.size() - 1));
                forward.close();
            }
            for (EventFormat format : formats) {
                appliers(broker, backlog, format);
            }
        }
        System.exit(0);
    }

    /**
     * Fills a change log with a capture alone, then empties it into a fresh NEW database with one
     * applier and again, as another consumer group, into another with two.
     */
    private static void appliers(KafkaBroker broker, int backlog, EventFormat format) throws Exception {
        String name = format.name().toLowerCase(Locale.ROOT);
        String topic = "bench.log-" + name;
        ShopDatabases shop = ShopDatabases.create("bench_log_" + name);
        ReplicationPipeline capture = new ReplicationPipeline(
                "forward",
                shop.forwardPipeline(2048, "kafka", kafka(broker, true, 0, topic, "", format)),
                new SimpleMeterRegistry());
        capture.start();
        await(() -> capture.status().changeLog() != null
                && capture.status().snapshot().completed());
        shop.insertSquids(backlog);
        await(() -> capture.status().changeLog().consumerLag() >= backlog);
        long records = capture.status().changeLog().consumerLag();
        capture.close();
        LogSize size = LogSize.of(broker.bootstrapServers(), topic);
        System.out.printf(
                "kafka-%-7s log: %d records, %.0f bytes per record (key and value as serialised), %.0f bytes per"
                        + " record on disk (lz4 batches)%n",
                name, size.records(), size.serialisedPerRecord(), size.storedPerRecord());

        for (int members = 1; members <= 2; members++) {
            ShopDatabases target =
                    ShopDatabases.of(shop.old(), DatabaseServer.newDatabase("bench_log_" + name + members + "_new"));
            ReplicatorProperties.Pipeline config = target.forwardPipeline(
                    2048, "kafka", kafka(broker, false, members, topic, "bench-" + name + members, format));
            ReplicationPipeline applier = new ReplicationPipeline("forward", config, new SimpleMeterRegistry());
            long t0 = System.nanoTime();
            try (BenchProfiler profile = BenchProfiler.phase("kafka-" + name + "-applier-" + members)) {
                applier.start();
                await(() -> applier.status().changeLog().consumerLag() == 0);
            }
            System.out.printf(
                    "kafka-%-7s %d applier%s: %d records in %.1f s = %.0f records/s%n",
                    name, members, members == 1 ? " " : "s", records, seconds(t0), records / seconds(t0));
            applier.close();
        }
    }

    private static ReplicatorProperties.Kafka kafka(
            KafkaBroker broker, boolean capture, int appliers, String topic, String group, EventFormat format) {
        return new ReplicatorProperties.Kafka(
                broker.bootstrapServers(), topic, PARTITIONS, (short) 1, capture, appliers, group, format);
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
