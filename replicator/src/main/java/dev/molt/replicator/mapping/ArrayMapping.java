package dev.molt.replicator.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RowMapping} compiled once into index operations on rows held as arrays (source column
 * {@code i} to target column {@code j}, constants, defaults, filters), for the snapshot copy,
 * which maps millions of rows: a map per source and target row, and an {@code Optional} per row,
 * cost the copy more than its writes (docs/BENCHMARKS.md). Gives exactly what {@link
 * RowMapping#map} gives for the same row: the target columns in the same order, a constant
 * winning over a mapped value, a default where the mapped value is null, a filter comparing the
 * value's text. Immutable; safe for any number of threads.
 */
public final class ArrayMapping {

    private final List<String> sourceColumns;
    private final List<String> targetColumns;
    private final int sourceKey;
    /** Per target column: the source column's index, or -1 for a constant. */
    private final int[] from;
    /** Per target column: the constant, or the default where the mapped value is null (may be null). */
    private final Object[] fixed;

    private final int[] filterColumns;
    private final String[] filterValues;

    private ArrayMapping(RowMapping mapping) {
        this.sourceColumns = List.copyOf(mapping.sourceColumns());
        this.sourceKey = sourceColumns.indexOf(mapping.sourceKey());
        Map<String, Integer> target = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        mapping.columns().forEach((source, column) -> {
            target.put(column, sourceColumns.indexOf(source));
            values.put(column, mapping.defaults().get(column));
        });
        mapping.constants().forEach((column, value) -> {
            target.put(column, -1);
            values.put(column, value);
        });
        this.targetColumns = List.copyOf(target.keySet());
        this.from = target.values().stream().mapToInt(Integer::intValue).toArray();
        this.fixed = values.values().toArray();
        this.filterColumns = mapping.filters().keySet().stream()
                .mapToInt(sourceColumns::indexOf)
                .toArray();
        this.filterValues = mapping.filters().values().toArray(String[]::new);
    }

    public static ArrayMapping of(RowMapping mapping) {
        return new ArrayMapping(mapping);
    }

    /** The source columns a row holds, in the order of its array: the mapped ones, then the filters'. */
    public List<String> sourceColumns() {
        return sourceColumns;
    }

    /** The target columns a mapped row holds, in the order of its array. */
    public List<String> targetColumns() {
        return targetColumns;
    }

    /** The index of the source key in a source row. */
    public int sourceKey() {
        return sourceKey;
    }

    /** Whether the filters admit this source row (in {@link #sourceColumns()} order). */
    public boolean accepts(Object[] sourceRow) {
        for (int f = 0; f < filterColumns.length; f++) {
            if (!String.valueOf(sourceRow[filterColumns[f]]).equals(filterValues[f])) {
                return false;
            }
        }
        return true;
    }

    /** The target row (in {@link #targetColumns()} order) of a source row the filters admit. */
    public Object[] map(Object[] sourceRow) {
        Object[] target = new Object[from.length];
        for (int j = 0; j < from.length; j++) {
            int i = from[j];
            Object value = i < 0 ? null : sourceRow[i];
            target[j] = value == null ? fixed[j] : value;
        }
        return target;
    }
}
