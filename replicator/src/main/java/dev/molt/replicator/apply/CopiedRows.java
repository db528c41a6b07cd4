package dev.molt.replicator.apply;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A chunk of rows copied from the source, already mapped, each an array of values in the order of
 * {@link #columns()}: the copy's rows travel from the read to the bulk insert without a map or a
 * {@link Change} per row. Maps are built only where a row takes the slower paths (an upsert over a
 * row the target holds, a row refused and named). Filled by one thread, then handed over.
 */
public final class CopiedRows {

    private final List<String> columns;
    private final int keyIndex;
    private final int versionIndex;
    private final List<Object[]> rows;

    /**
     * @param columns the target columns, in the order of each row's values
     * @param key the target key column, one of them
     * @param version the target version column, one of them
     */
    public CopiedRows(List<String> columns, String key, String version, int capacity) {
        this.columns = List.copyOf(columns);
        this.keyIndex = columns.indexOf(key);
        this.versionIndex = columns.indexOf(version);
        if (keyIndex < 0 || versionIndex < 0) {
            throw new IllegalArgumentException("the columns " + columns + " lack " + key + " or " + version);
        }
        this.rows = new ArrayList<>(capacity);
    }

    /** Adds a row, its values in the order of {@link #columns()}; the array is kept, not copied. */
    public void add(Object[] row) {
        rows.add(row);
    }

    public int size() {
        return rows.size();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    List<String> columns() {
        return columns;
    }

    Object[] row(int index) {
        return rows.get(index);
    }

    Object key(int index) {
        return rows.get(index)[keyIndex];
    }

    long version(int index) {
        return ((Number) rows.get(index)[versionIndex]).longValue();
    }

    /** Whether every key is a whole number ({@code Long} or {@code Integer}). */
    boolean wholeNumberKeys() {
        for (Object[] row : rows) {
            if (!(row[keyIndex] instanceof Long || row[keyIndex] instanceof Integer)) {
                return false;
            }
        }
        return true;
    }

    /** The row as a change, its values by column. */
    Change change(int index) {
        Map<String, Object> values = new LinkedHashMap<>();
        Object[] row = rows.get(index);
        for (int c = 0; c < columns.size(); c++) {
            values.put(columns.get(c), row[c]);
        }
        return new Change(row[keyIndex], version(index), false, values);
    }

    /** The rows as changes by key, as the general write path takes them. */
    Map<Object, Change> changes() {
        Map<Object, Change> changes = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Change change = change(i);
            changes.put(change.key(), change);
        }
        return changes;
    }

    /**
     * The keys as a set that boxes a key only when iterated: a lookup that finds no tombstone at
     * all never iterates (the keys of a chunk are distinct, its source's primary key).
     */
    Set<Object> keys() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Object> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < rows.size();
                    }

                    @Override
                    public Object next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return key(next++);
                    }
                };
            }

            @Override
            public int size() {
                return rows.size();
            }
        };
    }
}
