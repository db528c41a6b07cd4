package dev.molt.replicator.snapshot;

import dev.molt.replicator.apply.CopiedRows;
import dev.molt.replicator.mapping.ArrayMapping;
import dev.molt.replicator.mapping.RowMapping;
import dev.molt.replicator.mapping.WallClockTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Calendar;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads a keyset chunk of a range of the source and maps its rows; one per copy, used by every
 * worker. A row is read into one array, reused, and mapped into the array the target gets
 * ({@link ArrayMapping}): no map per row.
 */
final class ChunkReader {

    /**
     * Rows of the source read and mapped: the rows to write, how many were read, the last key
     * read, and whether the range ends with them (fewer rows read than asked for).
     */
    record Chunk(CopiedRows rows, int read, Object last, boolean end) {}

    private final RowMapping mapping;
    private final ArrayMapping compiled;
    private final boolean wholeNumbers;

    /** @param wholeNumbers whether the keys are bound as whole numbers (else as text) */
    ChunkReader(RowMapping mapping, boolean wholeNumbers) {
        this.mapping = mapping;
        this.compiled = ArrayMapping.of(mapping);
        this.wholeNumbers = wholeNumbers;
    }

    /**
     * Reads and maps the chunk of the source after the given key (from the first row where null)
     * up to {@code upTo}. Date-times are read as {@link LocalDateTime}, as the stream's events
     * carry them, exactly as stored ({@link WallClockTimes}: the driver's own {@code LocalDateTime}
     * moved a time in the JVM zone's daylight-saving gap by an hour).
     */
    Chunk read(DataSource from, String after, String upTo, int size) throws SQLException {
        List<String> columns = compiled.sourceColumns();
        String key = mapping.sourceKey();
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + mapping.sourceTable() + " WHERE "
                + (after == null ? "" : key + " > ? AND ") + key + " <= ? ORDER BY " + key + " LIMIT " + size;
        CopiedRows rows = new CopiedRows(compiled.targetColumns(), mapping.targetKey(), mapping.targetVersion(), size);
        int read = 0;
        Object last = after;
        try (Connection connection = from.getConnection();
                PreparedStatement chunk = connection.prepareStatement(sql)) {
            int i = 1;
            if (after != null) {
                bindKey(chunk, i++, after);
            }
            bindKey(chunk, i, upTo);
            try (ResultSet result = chunk.executeQuery()) {
                int width = columns.size();
                boolean[] dateTimes = WallClockTimes.dateTimeColumns(result.getMetaData());
                Calendar calendar = WallClockTimes.calendar();
                Object[] row = new Object[width];
                int keyIndex = compiled.sourceKey();
                while (result.next()) {
                    for (int c = 0; c < width; c++) {
                        row[c] = dateTimes[c + 1]
                                ? WallClockTimes.read(result, c + 1, calendar)
                                : result.getObject(c + 1);
                    }
                    last = row[keyIndex];
                    read++;
                    if (compiled.accepts(row)) {
                        rows.add(compiled.map(row));
                    }
                }
            }
        }
        return new Chunk(rows, read, last, read < size);
    }

    private void bindKey(PreparedStatement statement, int index, String key) throws SQLException {
        if (wholeNumbers) {
            statement.setLong(index, Long.parseLong(key));
        } else {
            statement.setString(index, key);
        }
    }
}
