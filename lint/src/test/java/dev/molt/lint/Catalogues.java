package dev.molt.lint;

import dev.molt.lint.Catalogue.Column;
import dev.molt.lint.Catalogue.Index;
import dev.molt.lint.Catalogue.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Catalogues written by hand for the pure tests: {@code catalogue(table("person", notNull("id", "bigint(20)")))}. */
final class Catalogues {

    private Catalogues() {}

    static Catalogue catalogue(Table... tables) {
        Map<String, Table> map = new LinkedHashMap<>();
        for (Table table : tables) {
            map.put(table.name(), table);
        }
        return new Catalogue(map);
    }

    static Table table(String name, Object... columnsAndIndexes) {
        Map<String, Column> columns = new LinkedHashMap<>();
        Map<String, Index> indexes = new LinkedHashMap<>();
        for (Object part : columnsAndIndexes) {
            if (part instanceof Column column) {
                columns.put(column.name(), column);
            } else {
                Index index = (Index) part;
                indexes.put(index.name(), index);
            }
        }
        return new Table(name, columns, indexes);
    }

    static Column notNull(String name, String type) {
        return new Column(name, type, false, null, false);
    }

    static Column nullable(String name, String type) {
        return new Column(name, type, true, null, false);
    }

    static Column withDefault(String name, String type, String defaultValue) {
        return new Column(name, type, false, defaultValue, false);
    }

    static Index index(String name, boolean unique, String... columns) {
        return new Index(name, unique, List.of(columns));
    }
}
