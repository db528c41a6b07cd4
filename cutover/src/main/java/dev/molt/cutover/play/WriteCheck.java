package dev.molt.cutover.play;

import dev.molt.cutover.stack.DatabaseAccess;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the ledger against a database, row by row. {@code exact}: every squid has exactly the
 * state of its last acknowledged write (when the load has stopped). Otherwise, while the load goes
 * on, a row may be newer than the ledger was when the check began, never older.
 */
final class WriteCheck {

    /**
     * What a check found: how many writes it covered and what was lost or wrong; or, for a {@code
     * comparison} of OLD and NEW whole by the replicator, how many rows it compared and how they differ.
     */
    record Result(String database, int squidsChecked, List<String> problems, boolean comparison) {

        Result(String database, int squidsChecked, List<String> problems) {
            this(database, squidsChecked, problems, false);
        }

        boolean passed() {
            return problems.isEmpty();
        }
    }

    /** A squid as a database holds it. */
    record Row(String name, int price, int stock, String origin, long version) {}

    private WriteCheck() {}

    static Result againstNew(DatabaseAccess db, Map<Long, Ledger.Expected> expected, boolean exact) {
        return againstNew(db, expected, Map.of(), exact);
    }

    static Result againstNew(
            DatabaseAccess db, Map<Long, Ledger.Expected> expected, Map<Long, Ledger.Unknown> unknown, boolean exact) {
        return check(
                "NEW",
                db,
                "SELECT id, display_name, price_amount, stock_quantity, catch_area, version"
                        + " FROM seafood WHERE category = 'SQUID'",
                expected,
                unknown,
                exact);
    }

    static Result againstOld(DatabaseAccess db, Map<Long, Ledger.Expected> expected, boolean exact) {
        return againstOld(db, expected, Map.of(), exact);
    }

    static Result againstOld(
            DatabaseAccess db, Map<Long, Ledger.Expected> expected, Map<Long, Ledger.Unknown> unknown, boolean exact) {
        return check("OLD", db, "SELECT id, name, price, stock, origin, version FROM squid", expected, unknown, exact);
    }

    private static Result check(
            String name,
            DatabaseAccess db,
            String query,
            Map<Long, Ledger.Expected> expected,
            Map<Long, Ledger.Unknown> unknown,
            boolean exact) {
        Map<Long, Row> rows = new HashMap<>();
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                rows.put(
                        rs.getLong(1),
                        new Row(
                                rs.getString(2),
                                new BigDecimal(rs.getString(3)).intValue(),
                                rs.getInt(4),
                                rs.getString(5),
                                rs.getLong(6)));
            }
        } catch (SQLException e) {
            return new Result(name, 0, List.of("could not read the " + name + " database: " + e.getMessage()));
        }
        List<String> problems = compare(name, rows, expected, unknown, exact);
        if (exact) {
            problems.addAll(UnknownOutcomes.createdTwice(name, rows.values()));
        }
        return new Result(name, expected.size(), problems);
    }

    /** What is lost or wrong in {@code rows} (by id) against the ledger's {@code expected} final states. */
    static List<String> compare(String name, Map<Long, Row> rows, Map<Long, Ledger.Expected> expected, boolean exact) {
        return compare(name, rows, expected, Map.of(), exact);
    }

    /** The same, where a squid with commands of unknown outcome may also show each applied once. */
    static List<String> compare(
            String name,
            Map<Long, Row> rows,
            Map<Long, Ledger.Expected> expected,
            Map<Long, Ledger.Unknown> unknown,
            boolean exact) {
        List<String> problems = new ArrayList<>();
        expected.forEach((id, want) -> {
            Row row = rows.get(id);
            Ledger.Unknown maybe = unknown.get(id);
            if (exact && maybe != null && !want.deleted()) {
                UnknownOutcomes.check(name, id, row, want, maybe).ifPresent(problems::add);
            } else if (want.deleted()) {
                if (row != null) {
                    problems.add(name + ": squid " + id + " was deleted but is there (version " + row.version() + ")");
                }
            } else if (row == null) {
                if (exact) {
                    problems.add(name + ": squid " + id + " (version " + want.version() + ") is missing");
                }
            } else if (row.version() < want.version() || (exact && row.version() != want.version())) {
                problems.add(name + ": squid " + id + " is at version " + row.version() + ", the last acknowledged"
                        + " write made it " + want.version());
            } else if (row.version() == want.version() && !same(row, want)) {
                problems.add(name + ": squid " + id + " at version " + row.version() + " holds " + row
                        + ", the acknowledged write said " + want);
            }
        });
        return problems;
    }

    private static boolean same(Row row, Ledger.Expected want) {
        return row.name().equals(want.name())
                && row.price() == want.price()
                && row.stock() == want.stock()
                && Objects.equals(row.origin(), want.origin());
    }
}
