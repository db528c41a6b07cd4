package dev.molt.replicator.apply;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a batch's changes are cut into statements: rows with the same columns share a statement,
 * and no statement carries more than {@link #ROWS_PER_STATEMENT} rows. Pure functions.
 */
final class ChangeGroups {

    /** Rows per multi-row statement: bounds the statement's size well below max_allowed_packet. */
    static final int ROWS_PER_STATEMENT = 1000;

    private ChangeGroups() {}

    /** Rows grouped by their columns, in first-seen order; rows mostly share theirs, compared without a copy per row. */
    static Map<List<String>, List<Change>> byColumns(List<Change> changes) {
        Map<List<String>, List<Change>> groups = new LinkedHashMap<>();
        Set<String> previous = null;
        List<Change> group = null;
        for (Change change : changes) {
            Set<String> columns = change.row().keySet();
            if (previous == null || !(columns.size() == previous.size() && sameOrder(columns, previous))) {
                previous = columns;
                group = groups.computeIfAbsent(List.copyOf(columns), c -> new ArrayList<>());
            }
            group.add(change);
        }
        return groups;
    }

    private static boolean sameOrder(Set<String> some, Set<String> other) {
        Iterator<String> others = other.iterator();
        for (String column : some) {
            if (!column.equals(others.next())) {
                return false;
            }
        }
        return true;
    }

    static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT) {
            chunks.add(all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT)));
        }
        return chunks;
    }
}
