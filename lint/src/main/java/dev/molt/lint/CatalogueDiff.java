package dev.molt.lint;

import dev.molt.lint.Catalogue.Column;
import dev.molt.lint.Catalogue.Index;
import dev.molt.lint.Catalogue.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The changes between two catalogues of one schema. A created or dropped table is one change, not
 * one per column; a rename shows here as a drop and an add (the rules pair them up).
 */
final class CatalogueDiff {

    private CatalogueDiff() {}

    static List<SchemaChange> between(Catalogue before, Catalogue after) {
        List<SchemaChange> changes = new ArrayList<>();
        for (Table table : after.tables().values()) {
            if (!before.tables().containsKey(table.name())) {
                changes.add(SchemaChange.ofTable(ChangeKind.CREATE_TABLE, table.name()));
            }
        }
        for (Table table : before.tables().values()) {
            if (!after.tables().containsKey(table.name())) {
                changes.add(SchemaChange.ofTable(ChangeKind.DROP_TABLE, table.name()));
            }
        }
        for (Table old : before.tables().values()) {
            Table now = after.tables().get(old.name());
            if (now != null) {
                columns(old, now, changes);
                indexes(old, now, changes);
            }
        }
        return changes;
    }

    private static void columns(Table old, Table now, List<SchemaChange> changes) {
        String table = old.name();
        for (Column column : now.columns().values()) {
            if (!old.columns().containsKey(column.name())) {
                changes.add(SchemaChange.ofColumn(ChangeKind.ADD_COLUMN, table, null, column));
            }
        }
        for (Column was : old.columns().values()) {
            Column is = now.columns().get(was.name());
            if (is == null) {
                changes.add(SchemaChange.ofColumn(ChangeKind.DROP_COLUMN, table, was, null));
                continue;
            }
            if (!was.type().equalsIgnoreCase(is.type())) {
                changes.add(SchemaChange.ofColumn(ChangeKind.CHANGE_COLUMN_TYPE, table, was, is));
            }
            if (was.nullable() && !is.nullable()) {
                changes.add(SchemaChange.ofColumn(ChangeKind.SET_NOT_NULL, table, was, is));
            } else if (!was.nullable() && is.nullable()) {
                changes.add(SchemaChange.ofColumn(ChangeKind.DROP_NOT_NULL, table, was, is));
            }
            if (is.defaultValue() != null && !is.defaultValue().equals(was.defaultValue())) {
                changes.add(SchemaChange.ofColumn(ChangeKind.SET_DEFAULT, table, was, is));
            } else if (is.defaultValue() == null && was.defaultValue() != null) {
                changes.add(SchemaChange.ofColumn(ChangeKind.DROP_DEFAULT, table, was, is));
            } else if (was.generatedByDatabase() != is.generatedByDatabase()) {
                changes.add(SchemaChange.ofColumn(ChangeKind.OTHER, table, was, is));
            }
        }
    }

    private static void indexes(Table old, Table now, List<SchemaChange> changes) {
        for (Index index : now.indexes().values()) {
            Index was = old.indexes().get(index.name());
            if (was == null) {
                changes.add(SchemaChange.ofIndex(ChangeKind.ADD_INDEX, old.name(), index));
            } else if (!Objects.equals(was, index)) {
                changes.add(SchemaChange.ofChangedIndex(old.name(), was, index));
            }
        }
        for (Index index : old.indexes().values()) {
            if (!now.indexes().containsKey(index.name())) {
                changes.add(SchemaChange.ofIndex(ChangeKind.DROP_INDEX, old.name(), index));
            }
        }
    }
}
