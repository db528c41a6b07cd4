package dev.molt.replicator.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.apply.BatchApplier;
import dev.molt.replicator.apply.TargetWrite;
import dev.molt.replicator.apply.Writers;
import dev.molt.replicator.capture.OffsetCodec;
import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.mapping.RowMapping;
import dev.molt.replicator.support.ShopDatabases;
import dev.molt.testsupport.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The copy's workers read and map in parallel, but write to the target no more chunks at once than
 * {@code concurrent-writes}: each insert at once into one table beyond the second costs the
 * database CPU per row for no more rows.
 */
class CopyWritesIntegrationTests {

    @Test
    void fourWorkersWriteOneChunkAtATimeAndCopyEveryRow() throws Exception {
        ShopDatabases shop = ShopDatabases.create("copy_writes");
        shop.insertSquids(20_000);
        WritesSeen seen = copy(shop, 4, 1);

        assertThat(seen.failures).isEmpty();
        assertThat(seen.mostAtOnce.get()).isEqualTo(1);
        assertThat(seen.writes.get()).as("chunks written").isGreaterThan(20);
        assertThat(shop.squidSeafood()).hasSize(20_000).isEqualTo(shop.squidsAsSeafood());
    }

    @Test
    void asManyWritesAtOnceAsConfiguredCopyEveryRowToo() throws Exception {
        ShopDatabases shop = ShopDatabases.create("copy_writes_many");
        shop.insertSquids(20_000);
        WritesSeen seen = copy(shop, 4, 4);

        assertThat(seen.failures).isEmpty();
        assertThat(seen.mostAtOnce.get()).isBetween(1, 4);
        assertThat(shop.squidSeafood()).hasSize(20_000).isEqualTo(shop.squidsAsSeafood());
    }

    /** Copies the shop's squids with the given workers and writes at once, to completion. */
    private static WritesSeen copy(ShopDatabases shop, int workers, int concurrentWrites) throws Exception {
        ReplicatorProperties.Pipeline config = shop.forwardPipeline(512);
        RowMapping mapping = RowMapping.of(config.mapping());
        DataSource source = dataSource(shop.old());
        DataSource target = dataSource(shop.neu());
        BatchApplier.prepare(target);
        ReplicatorProperties.Copy settings = new ReplicatorProperties.Copy(
                workers, Duration.ofMillis(5), 300, Duration.ofSeconds(1), Duration.ofSeconds(5), concurrentWrites);
        WritesSeen seen = new WritesSeen();
        SnapshotCopy copy = new SnapshotCopy("forward", mapping, 100, settings, Duration.ofSeconds(30), () -> 0, seen);
        copy.prepare(
                source,
                target,
                () -> new BatchApplier(
                        target,
                        "forward",
                        mapping.targetTable(),
                        mapping.targetKey(),
                        mapping.targetVersion(),
                        new OffsetCodec("forward"),
                        Writers.COPY,
                        mapping.targetFilters()),
                ReplicatorProperties.SnapshotMode.INITIAL);
        copy.startIfPending(1);
        await("copy completed").atMost(Duration.ofSeconds(60)).until(() -> seen.completed.await(0, TimeUnit.SECONDS));
        return seen;
    }

    private static DataSource dataSource(TestDatabase db) throws Exception {
        MariaDbDataSource dataSource = new MariaDbDataSource(db.jdbcUrl());
        dataSource.setUser(db.user());
        dataSource.setPassword(db.password());
        return dataSource;
    }

    /** A pipeline that runs each write at once, counting the writes in flight together. */
    private static final class WritesSeen implements SnapshotCopy.Listener {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        final CountDownLatch completed = new CountDownLatch(1);
        final List<Exception> failures = new CopyOnWriteArrayList<>();

        @Override
        public boolean abandoned(long launch) {
            return false;
        }

        @Override
        public void retry(long launch, TargetWrite write) {
            int now = inFlight.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                write.run();
                writes.incrementAndGet();
            } catch (Exception e) {
                failures.add(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void copied(int rows) {}

        @Override
        public void completed() {
            completed.countDown();
        }

        @Override
        public void refused(long launch, RuntimeException error) {
            failures.add(error);
            completed.countDown();
        }

        @Override
        public void broke(long launch, Exception error) {
            failures.add(error);
            completed.countDown();
        }
    }
}
