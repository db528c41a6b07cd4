package dev.molt.replicator.verify;

import dev.molt.replicator.mapping.RowMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SQL that checksums a key range of each side <em>through the mapping</em>, so that the
 * databases compute it and no row crosses the wire: every target column of the mapping becomes
 * one expression per side (the mapped source column, its default, or the constant), both brought
 * to the same text (an {@code INT} price and a {@code DECIMAL(12,2)} amount both read
 * {@code 150.00}), joined with their null flags, and folded per chunk into a count and the
 * {@code BIT_XOR} of their {@code CRC32}s, as Cash App's Spirit does (keys are unique, so equal
 * rows never cancel out; two different changes in one chunk cancel with a chance of 2^-32).
 *
 * <p>Both sides walk the primary key ({@code FORCE INDEX (PRIMARY)}): a target filter column
 * with an index of its own (seafood's {@code (category, id)}) would otherwise lead the server to
 * that index and a lookup of every row.
 *
 * <p>Pure: built from the mapping and the two tables' column types, unit-tested without a database.
 */
final class ChecksumSql {

    private static final Set<String> INTEGERS = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "year");
    private static final Set<String> NUMBERS = Set.of("decimal", "float", "double");
    private static final Set<String> TEMPORALS = Set.of("datetime", "timestamp", "time");
    private static final Set<String> TEXTS =
            Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set");

    /** A column's type as {@code information_schema.COLUMNS} gives it. */
    record ColumnType(String dataType, int scale, int fractionDigits, String charset, boolean nullable) {

        ColumnType {
            dataType = dataType.toLowerCase(Locale.ROOT);
        }
    }

    private final String sourceRow;
    private final String targetRow;

    /**
     * @param sourceTypes the source table's columns by name
     * @param targetTypes the target table's columns by name
     * @throws IllegalStateException naming a mapped column that one of the tables does not have
     */
    ChecksumSql(RowMapping mapping, Map<String, ColumnType> sourceTypes, Map<String, ColumnType> targetTypes) {
        List<Value> source = new ArrayList<>();
        List<Value> target = new ArrayList<>();
        Map<String, String> columns = mapping.columns();
        for (String targetColumn : mapping.targetColumns()) {
            ColumnType targetType = type(targetTypes, mapping.targetTable(), targetColumn);
            String sourceColumn = columns.entrySet().stream()
                    .filter(e -> e.getValue().equals(targetColumn))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            String sourceExpression;
            ColumnType sourceType;
            if (sourceColumn == null) {
                sourceExpression = literal(mapping.constants().get(targetColumn));
                sourceType = targetType;
            } else {
                sourceType = type(sourceTypes, mapping.sourceTable(), sourceColumn);
                String fallback = mapping.defaults().get(targetColumn);
                sourceExpression = fallback == null
                        ? quote(sourceColumn)
                        : "COALESCE(" + quote(sourceColumn) + ", " + literal(fallback) + ")";
            }
            boolean sourceIsLiteral = sourceColumn == null;
            boolean nullable = targetType.nullable() || (!sourceIsLiteral && sourceType.nullable());
            source.add(new Value(canonical(sourceExpression, sourceType, targetType, sourceIsLiteral), nullable));
            target.add(new Value(canonical(quote(targetColumn), targetType, sourceType, false), nullable));
        }
        this.sourceRow = row(source);
        this.targetRow = row(target);
    }

    /** count and XOR of CRC32s of the source rows in {@code (after, upTo]} the filters admit. */
    String source(RowMapping mapping, boolean lowerBound, boolean upperBound) {
        List<String> where = bounds(mapping.sourceKey(), lowerBound, upperBound);
        mapping.filters().keySet().forEach(column -> where.add(quote(column) + " = ?"));
        return fold(sourceRow, mapping.sourceTable(), where);
    }

    /** The same fold over the target rows of the range that replication owns (its target filters). */
    String target(RowMapping mapping, boolean lowerBound, boolean upperBound) {
        List<String> where = bounds(mapping.targetKey(), lowerBound, upperBound);
        mapping.targetFilters().keySet().forEach(column -> where.add(quote(column) + " = ?"));
        return fold(targetRow, mapping.targetTable(), where);
    }

    /** The key that ends a chunk of {@code rows} source keys after a key (or from the first one). */
    static String chunkEnd(RowMapping mapping, boolean lowerBound) {
        String key = quote(mapping.sourceKey());
        return "SELECT " + key + " FROM " + quote(mapping.sourceTable()) + (lowerBound ? " WHERE " + key + " > ?" : "")
                + " ORDER BY " + key + " LIMIT 1 OFFSET ?";
    }

    private static List<String> bounds(String key, boolean lowerBound, boolean upperBound) {
        List<String> where = new ArrayList<>();
        if (lowerBound) {
            where.add(quote(key) + " > ?");
        }
        if (upperBound) {
            where.add(quote(key) + " <= ?");
        }
        return where;
    }

    private static String fold(String row, String table, List<String> where) {
        return "SELECT COUNT(*), BIT_XOR(CRC32(" + row + ")) FROM " + quote(table) + " FORCE INDEX (PRIMARY)"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
    }

    /** One column's expression on one side, and whether either side may hold NULL there. */
    private record Value(String expression, boolean nullable) {}

    /**
     * The values joined by unit separators; a value that may be NULL carries its null flag, so that
     * NULL, '' and 'NULL' all differ (CONCAT_WS would skip a bare NULL).
     */
    private static String row(List<Value> values) {
        List<String> parts = new ArrayList<>();
        for (Value value : values) {
            if (value.nullable()) {
                parts.add("ISNULL(" + value.expression() + ")");
                parts.add("IFNULL(" + value.expression() + ", '')");
            } else {
                parts.add(value.expression());
            }
        }
        return "CONCAT_WS(CHAR(31), " + String.join(", ", parts) + ")";
    }

    /**
     * One side's value in the text both sides share: numbers at the larger scale of the two, times
     * at the larger number of fraction digits, texts in one character set. Where this side's type
     * already gives that text, the column is used as it is (no function on the hot path).
     */
    static String canonical(String expression, ColumnType own, ColumnType other, boolean literal) {
        String type = own.dataType();
        if (isNumeric(own) && isNumeric(other)) {
            if (INTEGERS.contains(type) && INTEGERS.contains(other.dataType()) && !literal) {
                return expression;
            }
            int scale = Math.max(scaleOf(own), scaleOf(other));
            boolean alreadyThere = type.equals("decimal") && own.scale() == scale && !literal;
            return alreadyThere ? expression : "CAST(" + expression + " AS DECIMAL(65, " + scale + "))";
        }
        if (TEMPORALS.contains(type) && TEMPORALS.contains(other.dataType())) {
            int digits = Math.max(own.fractionDigits(), other.fractionDigits());
            boolean alreadyThere = own.fractionDigits() == digits && !literal;
            String as = type.equals("time") ? "TIME" : "DATETIME";
            return alreadyThere ? expression : "CAST(" + expression + " AS " + as + "(" + digits + "))";
        }
        if (TEXTS.contains(type)
                && !literal
                && own.charset() != null
                && !own.charset().equals(other.charset())) {
            return "CONVERT(" + expression + " USING utf8mb4)";
        }
        return expression;
    }

    private static boolean isNumeric(ColumnType type) {
        return INTEGERS.contains(type.dataType()) || NUMBERS.contains(type.dataType());
    }

    private static int scaleOf(ColumnType type) {
        return INTEGERS.contains(type.dataType()) ? 0 : type.scale();
    }

    private static ColumnType type(Map<String, ColumnType> types, String table, String column) {
        ColumnType type = types.get(column);
        if (type == null) {
            throw new IllegalStateException("column '" + column + "' of the mapping is not in table " + table);
        }
        return type;
    }

    /** A string literal, quotes and backslashes escaped; NULL for none. */
    static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** A column or table name quoted as an identifier. */
    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
