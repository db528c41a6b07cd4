package dev.molt.replicator.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.molt.replicator.mapping.RowMapping;
import dev.molt.replicator.verify.ChecksumSql.ColumnType;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChecksumSqlTests {

    static final ColumnType INT = new ColumnType("INT", 0, 0, null, false);
    static final ColumnType BIGINT = new ColumnType("bigint", 0, 0, null, false);
    static final ColumnType AMOUNT = new ColumnType("decimal", 2, 0, null, false);
    static final ColumnType MICROS = new ColumnType("datetime", 0, 6, null, false);
    static final ColumnType MILLIS = new ColumnType("datetime", 0, 3, null, false);
    static final ColumnType NAME = new ColumnType("varchar", 0, 0, "utf8mb4", false);
    static final ColumnType LATIN_NAME = new ColumnType("varchar", 0, 0, "latin1", false);
    static final ColumnType PLACE = new ColumnType("varchar", 0, 0, "utf8mb4", true);
    static final ColumnType CURRENCY = new ColumnType("char", 0, 0, "utf8mb4", false);

    static final RowMapping SQUID_TO_SEAFOOD = RowMapping.of(new TreeMap<>(Map.of(
            "source.table", "squid",
            "target.table", "seafood",
            "columns", "id,name:display_name,price:price_amount,origin:catch_area,version",
            "constant.price_currency", "KRW",
            "constant.category", "SQUID",
            "target.filter.category", "SQUID")));

    static final Map<String, ColumnType> SQUID =
            Map.of("id", BIGINT, "name", NAME, "price", INT, "origin", PLACE, "version", BIGINT);
    static final Map<String, ColumnType> SEAFOOD = Map.of(
            "id", BIGINT,
            "display_name", NAME,
            "price_amount", AMOUNT,
            "catch_area", PLACE,
            "version", BIGINT,
            "price_currency", CURRENCY,
            "category", NAME);

    @Test
    void anIntegerPriceIsComparedAtTheScaleOfTheDecimalAmount() {
        assertThat(ChecksumSql.canonical("`price`", INT, AMOUNT, false)).isEqualTo("CAST(`price` AS DECIMAL(65, 2))");
        assertThat(ChecksumSql.canonical("`price_amount`", AMOUNT, INT, false)).isEqualTo("`price_amount`");
    }

    @Test
    void columnsOfTheSameTypeAreFoldedAsTheyAre() {
        assertThat(ChecksumSql.canonical("`id`", BIGINT, INT, false)).isEqualTo("`id`");
        assertThat(ChecksumSql.canonical("`updated_at`", MICROS, MICROS, false)).isEqualTo("`updated_at`");
        assertThat(ChecksumSql.canonical("`name`", NAME, NAME, false)).isEqualTo("`name`");
    }

    @Test
    void timesAreComparedAtTheFinerPrecisionAndTextsInOneCharacterSet() {
        assertThat(ChecksumSql.canonical("`at`", MILLIS, MICROS, false)).isEqualTo("CAST(`at` AS DATETIME(6))");
        assertThat(ChecksumSql.canonical("`name`", LATIN_NAME, NAME, false)).isEqualTo("CONVERT(`name` USING utf8mb4)");
    }

    @Test
    void aConstantIsALiteralOnTheSourceSideInTheTargetColumnsText() {
        assertThat(ChecksumSql.canonical("'7'", AMOUNT, AMOUNT, true)).isEqualTo("CAST('7' AS DECIMAL(65, 2))");
        assertThat(ChecksumSql.literal("it's a \\ test")).isEqualTo("'it''s a \\\\ test'");
    }

    @Test
    void bothSidesFoldTheTargetColumnsInOneOrderWithNullFlagsOnlyWhereNullCanBe() {
        ChecksumSql sql = new ChecksumSql(SQUID_TO_SEAFOOD, SQUID, SEAFOOD);

        assertThat(sql.source(SQUID_TO_SEAFOOD, true, true))
                .isEqualTo("SELECT COUNT(*), BIT_XOR(CRC32(ROW))"
                                .replace(
                                        "ROW",
                                        "CONCAT_WS(CHAR(31), `id`, `name`, CAST(`price` AS DECIMAL(65, 2)),"
                                                + " ISNULL(`origin`), IFNULL(`origin`, ''), `version`, 'SQUID', 'KRW')")
                        + " FROM `squid` FORCE INDEX (PRIMARY) WHERE `id` > ? AND `id` <= ?");
        assertThat(sql.target(SQUID_TO_SEAFOOD, false, false))
                .isEqualTo("SELECT COUNT(*), BIT_XOR(CRC32(ROW))"
                                .replace(
                                        "ROW",
                                        "CONCAT_WS(CHAR(31), `id`, `display_name`, `price_amount`,"
                                                + " ISNULL(`catch_area`), IFNULL(`catch_area`, ''), `version`,"
                                                + " `category`, `price_currency`)")
                        + " FROM `seafood` FORCE INDEX (PRIMARY) WHERE `category` = ?");
    }

    @Test
    void aMappedColumnMissingFromATableIsNamed() {
        Map<String, ColumnType> renamed = new java.util.HashMap<>(SQUID);
        renamed.remove("origin");

        assertThatThrownBy(() -> new ChecksumSql(SQUID_TO_SEAFOOD, renamed, SEAFOOD))
                .hasMessage("column 'origin' of the mapping is not in table squid");
    }
}
