package dev.molt.replicator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.replicator.mapping.RowMapping;
import dev.molt.replicator.support.ShopDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checksummed verification against a real MariaDB: OLD's {@code squid} rows and their mapped
 * copies in NEW's {@code seafood}, written here directly (no pipeline needed to compare).
 */
class ChecksumVerificationIntegrationTests {

    static final int ROWS = 5_000;
    static final int CHUNK = 500;

    static ShopDatabases shop;
    static RowMapping mapping;

    @BeforeAll
    static void copiedShop() throws SQLException {
        shop = ShopDatabases.create("checksum");
        shop.insertSquids(ROWS);
        mapping = RowMapping.of(shop.forwardPipeline(100).mapping());
        try (Connection old = shop.old().connect();
                Connection neu = shop.neu().connect();
                PreparedStatement read =
                        old.prepareStatement("SELECT id, name, price, stock, origin, updated_at, version FROM squid");
                PreparedStatement write = neu.prepareStatement("INSERT INTO seafood (id, category, display_name,"
                        + " price_amount, price_currency, stock_quantity, catch_area, updated_at, version)"
                        + " VALUES (?, 'SQUID', ?, ?, 'KRW', ?, ?, ?, ?)")) {
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    for (int c = 1; c <= 7; c++) {
                        write.setObject(c, rows.getObject(c));
                    }
                    write.addBatch();
                }
            }
            write.executeBatch();
        }
    }

    final VerificationProgress progress = new VerificationProgress();

    VerificationReport verify() throws SQLException {
        try (Connection old = shop.old().connect();
                Connection neu = shop.neu().connect()) {
            return new Verifier(mapping, progress, CHUNK).verify(old, neu, 100, () -> {});
        }
    }

    @Test
    void equalTablesAreProvenByChecksumsAloneWithoutReadingARow() throws SQLException {
        VerificationReport report = verify();

        assertThat(report.equal()).isTrue();
        assertThat(report.rowsCompared()).isEqualTo(ROWS);
        assertThat(report.chunks()).isEqualTo(ROWS / CHUNK + 1);
        assertThat(report.chunksDifferent()).isZero();
        assertThat(report.rowsReadOneByOne()).isZero();
        assertThat(progress.view())
                .extracting(
                        VerificationProgress.View::state,
                        VerificationProgress.View::rowsChecked,
                        VerificationProgress.View::chunksDone,
                        VerificationProgress.View::etaSeconds)
                .containsExactly("equal", (long) ROWS, report.chunks(), null);
    }

    @Test
    void everyMissingExtraAndDifferentRowIsNamedAndOnlyTheirChunksAreReadRowByRow() throws SQLException {
        List<Long> ids = ids();
        List<Long> missing = new ArrayList<>(ids.subList(0, 30));
        List<Long> different = new ArrayList<>(ids.subList(1000, 1040));
        List<Long> nullVersusEmpty = ids.stream()
                .filter(id -> id % 3 == 1) // insertSquids leaves origin null on every third row
                .skip(500)
                .limit(10)
                .toList();
        assertThat(nullVersusEmpty).hasSize(10);
        List<Long> extra = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        try {
            for (long id : missing) {
                shop.executeNew("DELETE FROM seafood WHERE id = ?", id);
            }
            for (long id : different) {
                shop.executeNew("UPDATE seafood SET price_amount = price_amount + 0.01 WHERE id = ?", id);
            }
            for (long id : nullVersusEmpty) {
                shop.executeNew("UPDATE seafood SET catch_area = '' WHERE id = ?", id);
            }
            for (int i = 0; i < 20; i++) {
                long id = 900_000 + n.incrementAndGet();
                extra.add(id);
                shop.executeNew(
                        "INSERT INTO seafood (id, category, display_name, price_amount, stock_quantity, updated_at,"
                                + " version) VALUES (?, 'SQUID', 'Extra', 1, 1, NOW(6), 1)",
                        id);
            }
            shop.executeNew("INSERT INTO seafood (id, category, display_name, price_amount, stock_quantity, updated_at,"
                    + " version) VALUES (950000, 'TUNA', 'Not replicated', 1, 1, NOW(6), 1)");

            VerificationReport report = verify();

            different.addAll(nullVersusEmpty);
            assertThat(report.equal()).isFalse();
            assertThat(report.missing()).containsExactlyElementsOf(missing);
            assertThat(report.different()).containsExactlyInAnyOrderElementsOf(different);
            assertThat(report.extra()).containsExactlyElementsOf(extra);
            assertThat(report.missingCount() + report.differentCount() + report.extraCount())
                    .isEqualTo(100);
            assertThat(report.chunksDifferent()).isLessThan(report.chunks());
            assertThat(report.rowsReadOneByOne()).isLessThan(ROWS / 2);
        } finally {
            shop.executeNew("DELETE FROM seafood WHERE id >= 900000");
            restore(missing, different);
        }
        assertThat(verify().equal()).isTrue();
    }

    @Test
    void aTextThatReadsAsTheSameNumberIsStillADifferentText() throws SQLException {
        List<Long> ids = ids();
        long zeros = ids.get(2000);
        long scale = ids.get(2001);
        String zerosName = shop.queryNew("SELECT display_name FROM seafood WHERE id = " + zeros);
        String scaleName = shop.queryNew("SELECT display_name FROM seafood WHERE id = " + scale);
        try {
            shop.executeOld("UPDATE squid SET name = '007' WHERE id = ?", zeros);
            shop.executeNew("UPDATE seafood SET display_name = '7' WHERE id = ?", zeros);
            shop.executeOld("UPDATE squid SET name = '1.50' WHERE id = ?", scale);
            shop.executeNew("UPDATE seafood SET display_name = '1.5' WHERE id = ?", scale);

            VerificationReport report = verify();

            assertThat(report.equal()).isFalse();
            assertThat(report.different()).containsExactly(zeros, scale);
            assertThat(report.missingCount() + report.extraCount()).isZero();
        } finally {
            shop.executeOld("UPDATE squid SET name = ? WHERE id = ?", zerosName, zeros);
            shop.executeOld("UPDATE squid SET name = ? WHERE id = ?", scaleName, scale);
            restore(List.of(), List.of(zeros, scale));
        }
        assertThat(verify().equal()).isTrue();
    }

    private static List<Long> ids() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection old = shop.old().connect();
                ResultSet rows = old.createStatement().executeQuery("SELECT id FROM squid ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    /** Puts back the rows the test changed, from OLD. */
    private static void restore(List<Long> missing, List<Long> different) throws SQLException {
        List<Long> all = new ArrayList<>(missing);
        all.addAll(different);
        for (long id : all) {
            shop.executeNew("DELETE FROM seafood WHERE id = ?", id);
        }
        try (Connection old = shop.old().connect();
                Connection neu = shop.neu().connect();
                PreparedStatement read = old.prepareStatement(
                        "SELECT id, name, price, stock, origin, updated_at, version FROM squid WHERE id = ?");
                PreparedStatement write = neu.prepareStatement("INSERT INTO seafood (id, category, display_name,"
                        + " price_amount, price_currency, stock_quantity, catch_area, updated_at, version)"
                        + " VALUES (?, 'SQUID', ?, ?, 'KRW', ?, ?, ?, ?)")) {
            for (long id : all) {
                read.setLong(1, id);
                try (ResultSet row = read.executeQuery()) {
                    row.next();
                    for (int c = 1; c <= 7; c++) {
                        write.setObject(c, row.getObject(c));
                    }
                    write.executeUpdate();
                }
            }
        }
    }
}
