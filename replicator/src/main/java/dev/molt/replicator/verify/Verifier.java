package dev.molt.replicator.verify;

import dev.molt.replicator.mapping.RowMapping;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compares source and target through a {@link RowMapping}, walking both in key order in chunks so
 * that neither side is read whole. Rows that differ while replication is live may just be in
 * flight: the caller can pass a {@code settle} step (a drain) after which only the differing keys
 * are compared again, a few times, before they are reported.
 */
public final class Verifier {

    static final int KEYS_SHOWN = 100;
    private static final int RECHECKS = 3;

    private final RowMapping mapping;

    public Verifier(RowMapping mapping) {
        this.mapping = mapping;
    }

    /** Compares the two databases; {@code settle} runs before each re-check of differing keys. */
    public VerificationReport verify(Connection source, Connection target, int chunkSize, Runnable settle)
            throws SQLException {
        List<Long> missing = new ArrayList<>();
        List<Long> extra = new ArrayList<>();
        List<Long> different = new ArrayList<>();
        long compared = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            TreeMap<Long, Map<String, Object>> sourceRows = sourceChunk(source, after, null, chunkSize);
            boolean lastChunk = sourceRows.size() < chunkSize;
            Long upTo = lastChunk ? null : sourceRows.lastKey();
            TreeMap<Long, Map<String, Object>> targetRows = targetRows(target, after, upTo, null);
            compare(sourceRows, targetRows, missing, extra, different);
            compared += sourceRows.size();
            if (lastChunk) {
                break;
            }
            after = upTo;
        }
        for (int i = 0; i < RECHECKS && !(missing.isEmpty() && extra.isEmpty() && different.isEmpty()); i++) {
            settle.run();
            Set<Long> keys = new java.util.TreeSet<>();
            keys.addAll(missing);
            keys.addAll(extra);
            keys.addAll(different);
            missing.clear();
            extra.clear();
            different.clear();
            for (List<Long> part : partition(new ArrayList<>(keys), 500)) {
                compare(
                        sourceChunk(source, null, part, part.size()),
                        targetRows(target, null, null, part),
                        missing,
                        extra,
                        different);
            }
        }
        return new VerificationReport(
                missing.isEmpty() && extra.isEmpty() && different.isEmpty(),
                compared,
                cap(missing),
                cap(extra),
                cap(different),
                missing.size(),
                extra.size(),
                different.size());
    }

    private void compare(
            TreeMap<Long, Map<String, Object>> sourceRows,
            TreeMap<Long, Map<String, Object>> targetRows,
            List<Long> missing,
            List<Long> extra,
            List<Long> different) {
        for (Map.Entry<Long, Map<String, Object>> entry : sourceRows.entrySet()) {
            Map<String, Object> expected = mapping.map(entry.getValue()).orElse(null);
            Map<String, Object> actual = targetRows.remove(entry.getKey());
            if (expected == null) {
                if (actual != null) {
                    extra.add(entry.getKey());
                }
            } else if (actual == null) {
                missing.add(entry.getKey());
            } else if (!same(expected, actual)) {
                different.add(entry.getKey());
            }
        }
        extra.addAll(targetRows.keySet());
    }

    private static boolean same(Map<String, Object> expected, Map<String, Object> actual) {
        for (Map.Entry<String, Object> column : expected.entrySet()) {
            if (!Objects.equals(normalize(column.getValue()), normalize(actual.get(column.getKey())))) {
                return false;
            }
        }
        return true;
    }

    static Object normalize(Object value) {
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof LocalDateTime) {
            return value;
        }
        if (value instanceof String text && text.matches("-?\\d+(\\.\\d+)?")) {
            return new BigDecimal(text).stripTrailingZeros();
        }
        return value;
    }

    private TreeMap<Long, Map<String, Object>> sourceChunk(Connection source, Long after, List<Long> keys, int limit)
            throws SQLException {
        String key = mapping.sourceKey();
        String columns = String.join(", ", mapping.sourceColumns());
        String sql = "SELECT " + columns + " FROM " + mapping.sourceTable() + " WHERE "
                + (keys != null
                        ? key + " IN (" + placeholders(keys.size()) + ")"
                        : after == Long.MIN_VALUE ? "1 = 1" : key + " > ?")
                + " ORDER BY " + key + " LIMIT " + Math.max(limit, 1);
        return read(source, sql, key, keys != null ? keys : after == Long.MIN_VALUE ? List.of() : List.of(after));
    }

    private TreeMap<Long, Map<String, Object>> targetRows(Connection target, Long after, Long upTo, List<Long> keys)
            throws SQLException {
        String key = mapping.targetKey();
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder("1 = 1");
        if (keys != null) {
            where.append(" AND ")
                    .append(key)
                    .append(" IN (")
                    .append(placeholders(keys.size()))
                    .append(")");
            parameters.addAll(keys);
        }
        if (after != null && after != Long.MIN_VALUE) {
            where.append(" AND ").append(key).append(" > ?");
            parameters.add(after);
        }
        if (upTo != null) {
            where.append(" AND ").append(key).append(" <= ?");
            parameters.add(upTo);
        }
        for (Map.Entry<String, String> scope : mapping.targetFilters().entrySet()) {
            where.append(" AND ").append(scope.getKey()).append(" = ?");
            parameters.add(scope.getValue());
        }
        String sql = "SELECT " + String.join(", ", mapping.targetColumns()) + " FROM " + mapping.targetTable()
                + " WHERE " + where + " ORDER BY " + key;
        return read(target, sql, key, parameters);
    }

    private static TreeMap<Long, Map<String, Object>> read(
            Connection connection, String sql, String key, List<?> parameters) throws SQLException {
        TreeMap<Long, Map<String, Object>> rows = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), result.getObject(c));
                    }
                    rows.put(((Number) row.get(key)).longValue(), row);
                }
            }
        }
        return rows;
    }

    private static String placeholders(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }

    private static <T> List<List<T>> partition(List<T> all, int size) {
        List<List<T>> parts = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            parts.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return parts;
    }

    private static List<Object> cap(List<Long> keys) {
        return keys.stream().limit(KEYS_SHOWN).collect(Collectors.toList());
    }
}
