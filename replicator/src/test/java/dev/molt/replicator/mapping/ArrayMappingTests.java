package dev.molt.replicator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The copy's compiled mapping gives, row for row, what {@link RowMapping#map} gives. */
class ArrayMappingTests {

    private static RowMapping aMapping(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>();
        properties.put("source.table", "seafood");
        properties.put("target.table", "squid");
        properties.put(
                "columns",
                "id, display_name:name, price_amount:price, stock_quantity:stock, catch_area:origin, updated_at,"
                        + " version");
        properties.putAll(extra);
        return RowMapping.of(properties);
    }

    private static Object[] aSeafood(long id, String category, String catchArea) {
        return new Object[] {
            id, "squid " + id, new BigDecimal("12.50"), 7, catchArea, LocalDateTime.of(2026, 12, 1, 6, 0), 3L, category
        };
    }

    @Test
    void mappedRowsHoldTheSameColumnsInTheSameOrderWithTheSameValuesAsTheMapsOfRowMapping() {
        RowMapping mapping = aMapping(Map.of(
                "constant.category", "SQUID",
                "constant.origin", "overridden",
                "default.origin", "nowhere",
                "default.stock", "0",
                "filter.category", "SQUID"));
        ArrayMapping compiled = ArrayMapping.of(mapping);

        for (Object[] source : List.of(aSeafood(1, "SQUID", "East Sea"), aSeafood(2, "SQUID", null), new Object[] {
            3L, null, null, null, null, null, 1L, "SQUID"
        })) {
            Map<String, Object> expected = mapping.map(asMap(compiled, source)).orElseThrow();

            assertThat(compiled.accepts(source)).isTrue();
            assertThat(compiled.targetColumns()).containsExactlyElementsOf(expected.keySet());
            assertThat(Arrays.asList(compiled.map(source))).containsExactlyElementsOf(expected.values());
        }
    }

    @Test
    void aDefaultStandsInForANullAndAConstantWinsOverAMappedValue() {
        ArrayMapping compiled = ArrayMapping.of(aMapping(Map.of(
                "default.origin", "nowhere",
                "constant.price", "1",
                "constant.category", "SQUID")));

        Object[] mapped = compiled.map(aSeafood(5, "FISH", null));

        assertThat(compiled.targetColumns())
                .containsExactly("id", "name", "price", "stock", "origin", "updated_at", "version", "category");
        assertThat(mapped)
                .containsExactly(5L, "squid 5", "1", 7, "nowhere", LocalDateTime.of(2026, 12, 1, 6, 0), 3L, "SQUID");
    }

    @Test
    void filtersCompareTheValuesTextAndRefuseWhatRowMappingRefuses() {
        RowMapping mapping = aMapping(Map.of("filter.category", "SQUID", "filter.stock_quantity", "7"));
        ArrayMapping compiled = ArrayMapping.of(mapping);

        for (Object[] source : List.of(
                aSeafood(1, "SQUID", "East Sea"),
                aSeafood(2, "FISH", "East Sea"),
                aSeafood(3, null, "East Sea"),
                new Object[] {4L, "x", BigDecimal.ONE, 8, null, null, 1L, "SQUID"})) {
            Optional<Map<String, Object>> expected = mapping.map(asMap(compiled, source));

            assertThat(compiled.accepts(source)).as("row %s", source[0]).isEqualTo(expected.isPresent());
        }
        assertThat(compiled.sourceColumns()).endsWith("category");
        assertThat(compiled.sourceKey()).isZero();
    }

    private static Map<String, Object> asMap(ArrayMapping compiled, Object[] source) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < compiled.sourceColumns().size(); i++) {
            row.put(compiled.sourceColumns().get(i), source[i]);
        }
        return row;
    }
}
