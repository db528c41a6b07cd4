package dev.molt.lint;

import dev.molt.lint.Catalogue.Column;
import dev.molt.lint.RenameHints.Rename;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The expand/contract rules: for each change of a migration M2, which goes out first (M2 or the
 * app G2), whether both G1 on M2 and G2 on M1 survive (the app is rolled back one version at most,
 * the database never), and what to do instead. A migration whose changes need opposite orders
 * cannot go out at all and must be split.
 */
final class ExpandContractRules {

    private ExpandContractRules() {}

    record Verdict(Order order, List<Finding> findings) {}

    static Verdict judge(List<SchemaChange> diff, RenameHints hints) {
        List<SchemaChange> changes = new ArrayList<>(diff);
        List<Finding> findings = new ArrayList<>();
        for (Rename rename : hints.tables()) {
            Optional<SchemaChange> dropped = take(changes, ChangeKind.DROP_TABLE, rename.from(), null);
            Optional<SchemaChange> created = take(changes, ChangeKind.CREATE_TABLE, rename.to(), null);
            if (dropped.isPresent() && created.isPresent()) {
                findings.add(renameTable(rename.from(), rename.to()));
            } else {
                dropped.ifPresent(changes::add);
                created.ifPresent(changes::add);
            }
        }
        for (Rename rename : hints.columns()) {
            Optional<SchemaChange> dropped = take(changes, ChangeKind.DROP_COLUMN, rename.table(), rename.from());
            Optional<SchemaChange> added = take(changes, ChangeKind.ADD_COLUMN, rename.table(), rename.to());
            if (dropped.isPresent() && added.isPresent()) {
                findings.add(renameColumn(dropped.get(), added.get(), false));
                changes.removeIf(c -> c.indexFollowsRename(rename.table(), rename.from(), rename.to()));
            } else {
                dropped.ifPresent(changes::add);
                added.ifPresent(changes::add);
            }
        }
        for (SchemaChange dropped : List.copyOf(changes)) {
            if (dropped.kind() == ChangeKind.DROP_COLUMN) {
                changes.stream()
                        .filter(c -> c.kind() == ChangeKind.ADD_COLUMN
                                && c.table().equals(dropped.table())
                                && c.after()
                                        .type()
                                        .equalsIgnoreCase(dropped.before().type()))
                        .findFirst()
                        .ifPresent(added -> {
                            changes.remove(dropped);
                            changes.remove(added);
                            changes.removeIf(
                                    c -> c.indexFollowsRename(dropped.table(), dropped.column(), added.column()));
                            findings.add(renameColumn(dropped, added, true));
                        });
            }
        }
        for (SchemaChange change : changes) {
            findings.add(judge(change));
        }
        return withOrder(defaultsGoWithTheirNotNull(findings));
    }

    /** A default given with NOT NULL in one migration is part of that change and goes out in its order. */
    private static List<Finding> defaultsGoWithTheirNotNull(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.kind() == ChangeKind.SET_DEFAULT
                                && findings.stream()
                                        .anyMatch(other -> other.kind() == ChangeKind.SET_NOT_NULL
                                                && other.table().equals(f.table())
                                                && other.column().equals(f.column()))
                        ? new Finding(
                                f.kind(),
                                f.table(),
                                f.column(),
                                null,
                                Order.APP_FIRST,
                                f.severity(),
                                f.detail().replace(" Apply M2, then deploy G2.", "")
                                        + " It goes out with the NOT NULL of the same column, after the app.")
                        : f)
                .toList();
    }

    private static Verdict withOrder(List<Finding> findings) {
        Set<Order> orders = EnumSet.noneOf(Order.class);
        findings.forEach(f -> orders.add(f.order()));
        boolean expands = orders.contains(Order.MIGRATION_FIRST);
        boolean contracts = orders.stream().anyMatch(Order::contracts);
        if (expands && contracts) {
            List<Finding> all = new ArrayList<>(findings);
            all.add(new Finding(
                    ChangeKind.OTHER,
                    null,
                    null,
                    null,
                    Order.MIXED,
                    Severity.ERROR,
                    "This migration mixes changes that go out before the app (M->G: " + summary(findings, true)
                            + ") with changes that go out after it (G->M: " + summary(findings, false)
                            + "); no order fits both. Split it: one migration for each order."));
            return new Verdict(Order.MIXED, all);
        }
        if (contracts) {
            return new Verdict(
                    orders.contains(Order.PRE_MIGRATION_FIRST) ? Order.PRE_MIGRATION_FIRST : Order.APP_FIRST, findings);
        }
        if (!expands && orders.contains(Order.NONE)) {
            return new Verdict(Order.NONE, findings);
        }
        return new Verdict(Order.MIGRATION_FIRST, findings);
    }

    private static String summary(List<Finding> findings, boolean expands) {
        return String.join(
                ", ",
                findings.stream()
                        .filter(f -> expands
                                ? f.order() == Order.MIGRATION_FIRST
                                : f.order().contracts())
                        .map(f -> f.kind().label() + " " + target(f.table(), f.column()))
                        .toList());
    }

    private static String target(String table, String column) {
        return column == null ? table : table + "." + column;
    }

    private static Optional<SchemaChange> take(
            List<SchemaChange> changes, ChangeKind kind, String table, String column) {
        for (Iterator<SchemaChange> it = changes.iterator(); it.hasNext(); ) {
            SchemaChange change = it.next();
            if (change.kind() == kind
                    && change.table().equalsIgnoreCase(table)
                    && (column == null || column.equalsIgnoreCase(change.column()))) {
                it.remove();
                return Optional.of(change);
            }
        }
        return Optional.empty();
    }

    private static Finding judge(SchemaChange change) {
        String table = change.table();
        String column = change.column();
        Column before = change.before();
        Column after = change.after();
        return switch (change.kind()) {
            case CREATE_TABLE -> ok(change, "A new table: G1 ignores it. Apply M2, then deploy G2.");
            case DROP_TABLE ->
                finding(
                        change,
                        Order.APP_FIRST,
                        Severity.WARNING,
                        "G1 still uses " + table
                                + " and fails on M2. Deploy G2, which no longer uses it, and apply M2 only"
                                + " once no G1 runs; after M2 the app can no longer roll back to G1.");
            case ADD_COLUMN ->
                after.mayBeLeftOut()
                        ? ok(
                                change,
                                "G1 ignores it; its inserts leave it " + (after.nullable() ? "NULL" : "at its default")
                                        + ". Apply M2, then deploy G2.")
                        : finding(
                                change,
                                Order.MIGRATION_FIRST,
                                Severity.ERROR,
                                "NOT NULL without a default: G1's inserts do not name " + column
                                        + " and fail on M2, also"
                                        + " after G2 is rolled back to G1. Give it a default (ADD COLUMN " + column
                                        + " "
                                        + after.type() + " NOT NULL DEFAULT ...) or make it NULL, then M2 -> G2.");
            case DROP_COLUMN -> dropColumn(change);
            case CHANGE_COLUMN_TYPE ->
                Widening.of(before.type(), after.type())
                        ? ok(
                                change,
                                "Widened from " + before.type() + " to " + after.type() + ": every value G1 writes"
                                        + " still fits and reads back the same. Apply M2, then deploy G2.")
                        : finding(
                                change,
                                Order.NONE,
                                Severity.ERROR,
                                "From " + before.type() + " to " + after.type()
                                        + ": G1 reads and writes the old type on M2,"
                                        + " and G2 the new one on M1. Split it into add + drop: add a column of the new type"
                                        + " (M->G), an app that writes both, a backfill and an app that reads and writes"
                                        + " the new one, then drop the old column (PM->G->M), as for a rename.");
            case SET_NOT_NULL ->
                after.mayBeLeftOut()
                        ? finding(
                                change,
                                Order.APP_FIRST,
                                Severity.WARNING,
                                "G1 inserts that leave " + column + " out get its default, but G1 writing NULL into it"
                                        + " fails on M2. Deploy G2, which always writes it, first; apply M2 once no G1 runs.")
                        : finding(
                                change,
                                Order.APP_FIRST,
                                Severity.ERROR,
                                "NOT NULL without a default: G1's inserts that leave " + column
                                        + " out fail on M2, also"
                                        + " after a rollback to G1. Give it a default in the same migration, deploy G2,"
                                        + " which always writes it, first and apply M2 once no G1 runs.");
            case DROP_NOT_NULL ->
                ok(
                        change,
                        "G1 still writes it. Apply M2, then deploy G2; if G2 leaves it NULL, G1"
                                + " must read NULL there after a rollback.");
            case SET_DEFAULT ->
                ok(
                        change,
                        "Inserts that leave it out get " + after.defaultValue()
                                + "; G1 is unaffected. Apply M2, then deploy G2.");
            case DROP_DEFAULT ->
                after.nullable()
                        ? ok(change, "Inserts that leave it out get NULL. Apply M2, then deploy G2.")
                        : finding(
                                change,
                                Order.APP_FIRST,
                                Severity.WARNING,
                                "G1's inserts that leave " + column
                                        + " out relied on the default and fail on M2. Deploy"
                                        + " G2, which always writes it, first; apply M2 once no G1 runs.");
            case ADD_INDEX ->
                change.index().unique()
                        ? finding(
                                change,
                                Order.MIGRATION_FIRST,
                                Severity.WARNING,
                                "Unique index " + change.index().name() + " on "
                                        + change.index().columns() + ": M2 refuses"
                                        + " duplicates G1 may write. Check G1 never writes them, then M2 -> G2.")
                        : ok(
                                change,
                                "Index " + change.index().name() + ": G1 is unaffected. Apply M2, then deploy G2.");
            case DROP_INDEX ->
                change.index().unique()
                        ? finding(
                                change,
                                Order.MIGRATION_FIRST,
                                Severity.WARNING,
                                "Unique index " + change.index().name() + " goes: G1 may rely on the database refusing"
                                        + " duplicates of " + change.index().columns() + ". Check it does not.")
                        : ok(
                                change,
                                "Index " + change.index().name() + ": G1 still works (queries naming it in an"
                                        + " index hint fail). Apply M2, then deploy G2.");
            case OTHER ->
                finding(
                        change,
                        Order.MIGRATION_FIRST,
                        Severity.WARNING,
                        change.index() != null
                                ? "Index " + change.index().name() + " now "
                                        + (change.index().unique() ? "unique " : "") + "on "
                                        + change.index().columns() + ": check G1 against it."
                                : "The database now " + (after.generatedByDatabase() ? "fills" : "no longer fills")
                                        + " " + column + " itself: check G1's inserts against it.");
            case RENAME_COLUMN, RENAME_TABLE -> throw new IllegalArgumentException("renames are paired up earlier");
        };
    }

    private static Finding dropColumn(SchemaChange change) {
        String column = change.column();
        Column before = change.before();
        if (before.mayBeLeftOut()) {
            return finding(
                    change,
                    Order.PRE_MIGRATION_FIRST,
                    Severity.WARNING,
                    "The pre-migration is in place (" + column + " is " + (before.nullable() ? "nullable" : "defaulted")
                            + "), so G2, which no longer uses it, runs on M1 and M2. Deploy G2, then apply M2 once no"
                            + " G1 runs: G1 still names " + column + " and fails on M2, so after M2 the app can no"
                            + " longer roll back to G1.");
        }
        return finding(
                change,
                Order.PRE_MIGRATION_FIRST,
                Severity.ERROR,
                "Dropped while NOT NULL without a default: G1 fails on M2 (it names " + column + "), and G2, which no"
                        + " longer writes it, fails on M1 (its inserts leave it out). First a pre-migration PM2:"
                        + " ALTER TABLE " + change.table() + " MODIFY " + column + " " + before.type() + " NULL"
                        + " (or give it a default); then deploy G2; then this drop once no G1 runs.");
    }

    private static Finding renameColumn(SchemaChange dropped, SchemaChange added, boolean likely) {
        String table = dropped.table();
        String from = dropped.column();
        String to = added.column();
        Column old = dropped.before();
        String why = likely
                ? from + " is dropped and " + to + " of the same type " + old.type() + " added in one migration:"
                        + " likely a rename (if not, split the add and the drop into two migrations)."
                : "The SQL renames " + table + "." + from + " to " + to + ".";
        String steps = " G1 names " + from + " and fails at once on M2; G2 names " + to + ", which M1 lacks. Expand/"
                + "contract in four steps instead: (1) migration, M->G: ALTER TABLE " + table + " ADD COLUMN " + to
                + " " + old.type() + " NULL; (2) no migration: deploy an app that writes both " + from + " and " + to
                + " and reads " + from + "; (3) migration, M->G: UPDATE " + table + " SET " + to + " = " + from
                + " WHERE " + to + " IS NULL"
                + (old.mayBeLeftOut()
                        ? ""
                        : ", and ALTER TABLE " + table + " MODIFY " + from + " " + old.type()
                                + " NULL (the pre-migration of step 4)")
                + ", then deploy an app that reads and writes " + to + " only; (4) migration, PM->G->M: ALTER TABLE "
                + table + " DROP COLUMN " + from + ", once no app of step 2 runs.";
        return new Finding(ChangeKind.RENAME_COLUMN, table, from, to, Order.NONE, Severity.ERROR, why + steps);
    }

    private static Finding renameTable(String from, String to) {
        return new Finding(
                ChangeKind.RENAME_TABLE,
                from,
                null,
                to,
                Order.NONE,
                Severity.ERROR,
                "The SQL renames table " + from + " to " + to + ": G1 names " + from + " and fails at once on M2; G2"
                        + " names " + to + ", which M1 lacks. Expand/contract in four steps instead: (1) migration,"
                        + " M->G: CREATE TABLE " + to + " LIKE " + from + "; (2) no migration: deploy an app that"
                        + " writes both tables and reads " + from + "; (3) migration, M->G: INSERT INTO " + to
                        + " SELECT the rows of " + from + " it lacks (backfill), then deploy an app that reads and"
                        + " writes " + to + " only; (4) migration, G->M: DROP TABLE " + from + ", once no app of"
                        + " step 2 runs.");
    }

    private static Finding ok(SchemaChange change, String detail) {
        return finding(change, Order.MIGRATION_FIRST, Severity.OK, detail);
    }

    private static Finding finding(SchemaChange change, Order order, Severity severity, String detail) {
        return new Finding(change.kind(), change.table(), change.column(), null, order, severity, detail);
    }
}
