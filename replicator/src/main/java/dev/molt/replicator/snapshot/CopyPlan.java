package dev.molt.replicator.snapshot;

import dev.molt.replicator.mapping.RowMapping;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** Which key ranges a copy covers: those an interrupted copy recorded, or new ones over the source's keys. */
final class CopyPlan {

    private CopyPlan() {}

    /** The recorded ranges of an interrupted copy, or new ones, recorded now, over the source's keys. */
    static List<KeyRange> ranges(
            DataSource from, DataSource to, RowMapping mapping, CopyProgressRepository ranges, int parts)
            throws SQLException {
        List<KeyRange> recorded;
        try (Connection connection = to.getConnection()) {
            recorded = ranges.load(connection);
        }
        if (!recorded.isEmpty()) {
            return recorded;
        }
        String key = mapping.sourceKey();
        List<KeyRange> split;
        try (Connection connection = from.getConnection();
                Statement statement = connection.createStatement();
                ResultSet bounds = statement.executeQuery(
                        "SELECT MIN(" + key + "), MAX(" + key + ") FROM " + mapping.sourceTable())) {
            bounds.next();
            Object min = bounds.getObject(1);
            Object max = bounds.getObject(2);
            if (max == null) {
                return List.of();
            }
            split = isWholeNumber(max)
                    ? KeyRange.split(((Number) min).longValue(), ((Number) max).longValue(), parts)
                    : List.of(KeyRange.whole(String.valueOf(max)));
        }
        try (Connection connection = to.getConnection()) {
            ranges.begin(connection, split);
        }
        return split;
    }

    /** Whether the source's keys are whole numbers (split into ranges, bound as numbers). */
    static boolean wholeNumberKeys(DataSource from, RowMapping mapping) throws SQLException {
        String key = mapping.sourceKey();
        try (Connection connection = from.getConnection();
                Statement statement = connection.createStatement();
                ResultSet any =
                        statement.executeQuery("SELECT " + key + " FROM " + mapping.sourceTable() + " LIMIT 1")) {
            return !any.next() || isWholeNumber(any.getObject(1));
        }
    }

    private static boolean isWholeNumber(Object key) {
        return key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof BigInteger;
    }
}
