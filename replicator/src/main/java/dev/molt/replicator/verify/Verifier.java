package dev.molt.replicator.verify;

import dev.molt.replicator.mapping.RowMapping;
import dev.molt.replicator.mapping.WallClockTimes;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Compares source and target through a {@link RowMapping} in two passes. First each chunk of keys
 * is folded into a checksum by both databases at once ({@link ChecksumSql}: no row crosses the
 * wire); only the chunks whose checksums differ are then read row by row, in key order, to name
 * the missing, extra and different keys. Rows that differ while replication is live may just be
 * in flight: the caller passes a {@code settle} step (a drain) after which only the differing keys
 * are compared again, a few times, before they are reported.
 */
public final class Verifier {

    static final int KEYS_SHOWN = 100;
    private static final int RECHECKS = 3;

    /** Source keys per checksummed chunk: large enough that a query's round trip is noise. */
    static final int CHECKSUM_CHUNK_ROWS = 20_000;

    private final RowMapping mapping;
    private final int checksumChunkRows;
    private final VerificationProgress progress;

    public Verifier(RowMapping mapping, VerificationProgress progress) {
        this(mapping, progress, CHECKSUM_CHUNK_ROWS);
    }

    Verifier(RowMapping mapping, VerificationProgress progress, int checksumChunkRows) {
        this.mapping = mapping;
        this.progress = progress;
        this.checksumChunkRows = checksumChunkRows;
    }

    /**
     * Compares the two databases; {@code settle} runs before each re-check of differing keys.
     * {@code chunkSize} is the number of rows read at a time where a chunk's checksums differ.
     */
    public VerificationReport verify(Connection source, Connection target, int chunkSize, Runnable settle)
            throws SQLException {
        ChecksumSql sql = new ChecksumSql(
                mapping, ColumnTypes.of(source, mapping.sourceTable()), ColumnTypes.of(target, mapping.targetTable()));
        progress.begin(ColumnTypes.estimatedRows(source, mapping.sourceTable()));
        ExecutorService targetSide = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "molt-verify-target");
            thread.setDaemon(true);
            return thread;
        });
        List<Long> missing = new ArrayList<>();
        List<Long> extra = new ArrayList<>();
        List<Long> different = new ArrayList<>();
        long compared = 0;
        long readOneByOne = 0;
        try {
            Long after = null;
            while (true) {
                Long upTo = chunkEnd(source, after);
                Long lower = after;
                Future<Fold> targetFold = targetSide.submit(() -> fold(
                        target, sql.target(mapping, lower != null, upTo != null), lower, upTo, targetFilterValues()));
                Fold sourceFold = fold(
                        source, sql.source(mapping, lower != null, upTo != null), lower, upTo, sourceFilterValues());
                boolean equal = sourceFold.equals(await(targetFold));
                if (!equal) {
                    readOneByOne += compareRange(source, target, lower, upTo, chunkSize, missing, extra, different);
                }
                compared += sourceFold.rows();
                progress.chunkDone(sourceFold.rows(), !equal);
                if (upTo == null) {
                    break;
                }
                after = upTo;
            }
        } finally {
            targetSide.shutdownNow();
        }
        for (int i = 0; i < RECHECKS && !(missing.isEmpty() && extra.isEmpty() && different.isEmpty()); i++) {
            settle.run();
            Set<Long> keys = new TreeSet<>();
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
        VerificationProgress.View done = progress.view();
        VerificationReport report = new VerificationReport(
                missing.isEmpty() && extra.isEmpty() && different.isEmpty(),
                compared,
                cap(missing),
                cap(extra),
                cap(different),
                missing.size(),
                extra.size(),
                different.size(),
                done.chunksDone(),
                done.chunksDifferent(),
                readOneByOne);
        progress.end(report.equal());
        return report;
    }

    /** The checksums of one side's rows in a chunk. */
    private record Fold(long rows, long xor) {}

    /** The last source key of the chunk after {@code after}, or null where the rest is one chunk. */
    private Long chunkEnd(Connection source, Long after) throws SQLException {
        try (PreparedStatement statement = source.prepareStatement(ChecksumSql.chunkEnd(mapping, after != null))) {
            int i = 1;
            if (after != null) {
                statement.setLong(i++, after);
            }
            statement.setInt(i, checksumChunkRows - 1);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : null;
            }
        }
    }

    private static Fold fold(Connection connection, String sql, Long after, Long upTo, List<String> filters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            if (after != null) {
                statement.setLong(i++, after);
            }
            if (upTo != null) {
                statement.setLong(i++, upTo);
            }
            for (String value : filters) {
                statement.setString(i++, value);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return new Fold(result.getLong(1), result.getLong(2));
            }
        }
    }

    private static Fold await(Future<Fold> fold) throws SQLException {
        try {
            return fold.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("verification interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private List<String> sourceFilterValues() {
        return List.copyOf(mapping.filters().values());
    }

    private List<String> targetFilterValues() {
        return List.copyOf(mapping.targetFilters().values());
    }

    /**
     * Reads the rows of {@code (after, upTo]} on both sides, {@code chunkSize} source rows at a
     * time, and sorts the differing keys; returns the number of source rows read.
     */
    private long compareRange(
            Connection source,
            Connection target,
            Long after,
            Long upTo,
            int chunkSize,
            List<Long> missing,
            List<Long> extra,
            List<Long> different)
            throws SQLException {
        long read = 0;
        long from = after == null ? Long.MIN_VALUE : after;
        while (true) {
            TreeMap<Long, Map<String, Object>> sourceRows = sourceChunk(source, from, null, chunkSize);
            sourceRows.tailMap(upTo == null ? Long.MAX_VALUE : upTo, false).clear();
            boolean lastChunk = sourceRows.size() < chunkSize;
            Long end = lastChunk ? upTo : sourceRows.lastKey();
            compare(sourceRows, targetRows(target, from, end, null), missing, extra, different);
            read += sourceRows.size();
            if (lastChunk) {
                return read;
            }
            from = end;
        }
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
            if (!same(column.getValue(), actual.get(column.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a mapped value and the target's are the same: numbers by value whatever their type
     * and scale, a text against a number as the number it reads as (a mapping may render one as
     * the other), times by their wall-clock value, and anything else, texts against texts too, as
     * they are: {@code "007"} and {@code "7"} are different names.
     */
    private static boolean same(Object expected, Object actual) {
        if (expected instanceof String text && actual instanceof Number) {
            return Objects.equals(number(text), normalize(actual));
        }
        if (actual instanceof String text && expected instanceof Number) {
            return Objects.equals(normalize(expected), number(text));
        }
        return Objects.equals(normalize(expected), normalize(actual));
    }

    private static Object normalize(Object value) {
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        return value;
    }

    /** The number a text reads as, or the text where it reads as none. */
    private static Object number(String text) {
        return text.matches("-?\\d+(\\.\\d+)?") ? new BigDecimal(text).stripTrailingZeros() : text;
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
                boolean[] dateTimes = WallClockTimes.dateTimeColumns(meta);
                // as stored: the driver's own decoding moves a time in the JVM zone's daylight-saving gap
                Calendar calendar = WallClockTimes.calendar();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(
                                meta.getColumnLabel(c),
                                dateTimes[c] ? WallClockTimes.read(result, c, calendar) : result.getObject(c));
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
