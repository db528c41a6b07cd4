package dev.molt.lint;

import dev.molt.lint.Catalogue.Column;
import dev.molt.lint.Catalogue.Index;

/**
 * One difference between the catalogue before and after a migration, before any rule judged it.
 * {@code before}/{@code after} hold the column as it was and is (null where it did not or does not
 * exist), {@code index} the index added, dropped or changed and {@code formerIndex} a changed
 * index as it was.
 */
record SchemaChange(
        ChangeKind kind, String table, String column, Column before, Column after, Index index, Index formerIndex) {

    static SchemaChange ofTable(ChangeKind kind, String table) {
        return new SchemaChange(kind, table, null, null, null, null, null);
    }

    static SchemaChange ofColumn(ChangeKind kind, String table, Column before, Column after) {
        String name = after != null ? after.name() : before.name();
        return new SchemaChange(kind, table, name, before, after, null, null);
    }

    static SchemaChange ofIndex(ChangeKind kind, String table, Index index) {
        return new SchemaChange(kind, table, null, null, null, index, null);
    }

    static SchemaChange ofChangedIndex(String table, Index was, Index is) {
        return new SchemaChange(ChangeKind.OTHER, table, null, null, null, is, was);
    }

    /** This changed index differs from what it was only by a column renamed from {@code from} to {@code to}. */
    boolean indexFollowsRename(String renamedTable, String from, String to) {
        if (kind != ChangeKind.OTHER || formerIndex == null || !table.equalsIgnoreCase(renamedTable)) {
            return false;
        }
        return formerIndex.unique() == index.unique()
                && formerIndex.columns().stream()
                        .map(c -> c.equalsIgnoreCase(from) ? to : c)
                        .toList()
                        .equals(index.columns());
    }
}
