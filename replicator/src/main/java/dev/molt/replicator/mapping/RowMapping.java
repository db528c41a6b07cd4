package dev.molt.replicator.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps one row of a source table to a row of a target table, from properties alone, so that the
 * core knows nothing of squids. The properties (all strings, as Kafka Connect passes them):
 *
 * <ul>
 *   <li>{@code source.table}, {@code target.table}: the table names;
 *   <li>{@code columns}: the mapped columns, comma separated, {@code source:target} for a rename or
 *       {@code name} for the same name; source columns not listed are ignored, so a column added to
 *       the source is carried on without effect;
 *   <li>{@code key}, {@code version}: the target's primary key and version columns ({@code id},
 *       {@code version} by default);
 *   <li>{@code constant.<target column>}: a value every target row gets (e.g. {@code category});
 *   <li>{@code default.<target column>}: the value where the mapped source value is null;
 *   <li>{@code filter.<source column>}: only source rows holding this value are replicated;
 *   <li>{@code target.filter.<target column>}: the target rows that replication owns (e.g.
 *       {@code category=SQUID}) where other writers share the target table: the apply upserts and
 *       deletes only these (a row of the same key outside them stops the pipeline), verification
 *       compares only these, and an interrupted snapshot discards only these. A constant of the
 *       same column must hold the same value, or every mapped row would land outside.
 * </ul>
 *
 * <p>A source row missing a mapped column fails with a {@link MappingException} naming the column:
 * a dropped or renamed column must stop replication, not write nulls.
 */
public final class RowMapping {

    private final String sourceTable;
    private final String targetTable;
    private final String targetKey;
    private final String targetVersion;
    private final Map<String, String> columns;
    private final Map<String, String> constants;
    private final Map<String, String> defaults;
    private final Map<String, String> filters;
    private final Map<String, String> targetFilters;

    private RowMapping(Map<String, String> properties) {
        this.sourceTable = required(properties, "source.table");
        this.targetTable = required(properties, "target.table");
        this.targetKey = properties.getOrDefault("key", "id");
        this.targetVersion = properties.getOrDefault("version", "version");
        Map<String, String> columns = new LinkedHashMap<>();
        for (String entry : required(properties, "columns").split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split(":", 2);
            columns.put(parts[0].trim(), parts.length == 2 ? parts[1].trim() : parts[0].trim());
        }
        this.columns = Collections.unmodifiableMap(columns);
        this.constants = prefixed(properties, "constant.");
        this.defaults = prefixed(properties, "default.");
        this.filters = prefixed(properties, "filter.");
        this.targetFilters = prefixed(properties, "target.filter.");
        targetFilters.forEach((column, value) -> {
            if (constants.containsKey(column) && !constants.get(column).equals(value)) {
                throw new IllegalArgumentException("mapping of " + sourceTable + " writes " + column + " = '"
                        + constants.get(column) + "' but its target filter owns only " + column + " = '" + value
                        + "'");
            }
        });
        if (!columns.containsValue(targetKey)) {
            throw new IllegalArgumentException(
                    "mapping of " + sourceTable + " maps no column to the key '" + targetKey + "'");
        }
        if (!columns.containsValue(targetVersion)) {
            throw new IllegalArgumentException(
                    "mapping of " + sourceTable + " maps no column to the version '" + targetVersion + "'");
        }
    }

    /** The mapping described by the given properties; fails naming the first missing or bad one. */
    public static RowMapping of(Map<String, String> properties) {
        return new RowMapping(properties);
    }

    /**
     * The target row for a source row, or empty where a filter excludes the source row.
     *
     * @throws MappingException where a mapped source column is absent from the row
     */
    public Optional<Map<String, Object>> map(Map<String, Object> sourceRow) {
        for (String column : columns.keySet()) {
            if (!sourceRow.containsKey(column)) {
                throw new MappingException("column '" + column + "' of " + sourceTable
                        + " is mapped to '" + columns.get(column) + "' of " + targetTable
                        + " but the source no longer has it (dropped or renamed?)");
            }
        }
        if (!accepts(sourceRow)) {
            return Optional.empty();
        }
        return Optional.of(mapUnfiltered(sourceRow));
    }

    private Map<String, Object> mapUnfiltered(Map<String, Object> sourceRow) {
        Map<String, Object> target = new LinkedHashMap<>();
        columns.forEach((source, targetColumn) -> {
            Object value = sourceRow.get(source);
            target.put(targetColumn, value == null ? defaults.get(targetColumn) : value);
        });
        target.putAll(constants);
        return target;
    }

    /** Whether the filters admit this source row. */
    public boolean accepts(Map<String, Object> sourceRow) {
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            if (!sourceRow.containsKey(filter.getKey())) {
                throw new MappingException("column '" + filter.getKey() + "' of " + sourceTable
                        + " is used by a filter but the source no longer has it (dropped or renamed?)");
            }
            if (!Objects.equals(String.valueOf(sourceRow.get(filter.getKey())), filter.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The source columns read by this mapping, filters included. */
    public List<String> sourceColumns() {
        List<String> all = new ArrayList<>(columns.keySet());
        filters.keySet().stream().filter(c -> !all.contains(c)).forEach(all::add);
        return all;
    }

    /** The target columns this mapping writes, mapped columns first, then constants. */
    public List<String> targetColumns() {
        List<String> all = new ArrayList<>(columns.values());
        constants.keySet().stream().filter(c -> !all.contains(c)).forEach(all::add);
        return all;
    }

    /** The source column mapped onto the target key. */
    public String sourceKey() {
        return sourceColumnOf(targetKey);
    }

    /** The source column mapped onto the target version. */
    public String sourceVersion() {
        return sourceColumnOf(targetVersion);
    }

    private String sourceColumnOf(String target) {
        return columns.entrySet().stream()
                .filter(e -> e.getValue().equals(target))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    public String sourceTable() {
        return sourceTable;
    }

    public String targetTable() {
        return targetTable;
    }

    public String targetKey() {
        return targetKey;
    }

    public String targetVersion() {
        return targetVersion;
    }

    /** Mapped columns, source name to target name, in configured order. */
    public Map<String, String> columns() {
        return columns;
    }

    /** Values every target row gets, by target column. */
    public Map<String, String> constants() {
        return constants;
    }

    /** Values a target column gets where its mapped source value is null, by target column. */
    public Map<String, String> defaults() {
        return defaults;
    }

    public Map<String, String> filters() {
        return filters;
    }

    public Map<String, String> targetFilters() {
        return targetFilters;
    }

    private static Map<String, String> prefixed(Map<String, String> properties, String prefix) {
        Map<String, String> result = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                result.put(key.substring(prefix.length()), value);
            }
        });
        return Collections.unmodifiableMap(result);
    }

    private static String required(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("mapping property '" + key + "' is required");
        }
        return value;
    }
}
