package dev.molt.replicator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowMappingTests {

    private static Map<String, String> squidToSeafood() {
        Map<String, String> properties = new HashMap<>();
        properties.put("source.table", "squid");
        properties.put("target.table", "seafood");
        properties.put("columns", "id,name:display_name,version");
        properties.put("constant.category", "SQUID");
        properties.put("target.filter.category", "SQUID");
        return properties;
    }

    @Test
    void theTargetFilterNamesTheRowsReplicationOwns() {
        assertThat(RowMapping.of(squidToSeafood()).targetFilters()).containsExactly(Map.entry("category", "SQUID"));
    }

    @Test
    void aConstantOutsideTheTargetFilterIsRefusedNamingBoth() {
        Map<String, String> properties = squidToSeafood();
        properties.put("constant.category", "FISH");

        assertThatThrownBy(() -> RowMapping.of(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("category = 'FISH'")
                .hasMessageContaining("category = 'SQUID'");
    }
}
