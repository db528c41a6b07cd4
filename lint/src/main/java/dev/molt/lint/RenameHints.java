package dev.molt.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The renames a migration's SQL says it does. The catalogue cannot tell a rename from a drop and
 * an add, so this is the one place statement text is read: {@code RENAME TABLE a TO b},
 * {@code ALTER TABLE t RENAME [TO|AS] b}, {@code ALTER TABLE t RENAME COLUMN a TO b} and
 * {@code ALTER TABLE t CHANGE [COLUMN] a b ...}.
 */
record RenameHints(List<Rename> tables, List<Rename> columns) {

    /** {@code table} is null for a table rename. */
    record Rename(String table, String from, String to) {}

    private static final String NAME = "(`[^`]+`|[\\w$.]+)";
    private static final Pattern RENAME_TABLE = Pattern.compile("(?is)^RENAME\\s+TABLES?\\s+(.*)$");
    private static final Pattern PAIR = Pattern.compile("(?is)^" + NAME + "\\s+TO\\s+" + NAME + "$");
    private static final Pattern ALTER_TABLE = Pattern.compile(
            "(?is)^ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\s+(?:IF\\s+EXISTS\\s+)?" + NAME + "\\s+(.*)$");
    private static final Pattern RENAME_COLUMN =
            Pattern.compile("(?is)^RENAME\\s+COLUMN\\s+(?:IF\\s+EXISTS\\s+)?" + NAME + "\\s+TO\\s+" + NAME + "\\b.*$");
    private static final Pattern CHANGE_COLUMN =
            Pattern.compile("(?is)^CHANGE\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?" + NAME + "\\s+" + NAME + "\\s.*$");
    private static final Pattern RENAME_TO = Pattern.compile("(?is)^RENAME\\s+(?:TO\\s+|AS\\s+)?" + NAME + "$");

    static RenameHints of(List<SqlStatement> statements) {
        List<Rename> tables = new ArrayList<>();
        List<Rename> columns = new ArrayList<>();
        for (SqlStatement statement : statements) {
            String sql = statement.sql().strip();
            Matcher renameTable = RENAME_TABLE.matcher(sql);
            if (renameTable.matches()) {
                for (String pair : clauses(renameTable.group(1))) {
                    Matcher names = PAIR.matcher(pair);
                    if (names.matches()) {
                        tables.add(new Rename(null, name(names.group(1)), name(names.group(2))));
                    }
                }
                continue;
            }
            Matcher alter = ALTER_TABLE.matcher(sql);
            if (alter.matches()) {
                String table = name(alter.group(1));
                for (String clause : clauses(alter.group(2))) {
                    Matcher column = RENAME_COLUMN.matcher(clause);
                    Matcher change = CHANGE_COLUMN.matcher(clause);
                    Matcher renameTo = RENAME_TO.matcher(clause);
                    if (column.matches()) {
                        columns.add(new Rename(table, name(column.group(1)), name(column.group(2))));
                    } else if (change.matches() && !name(change.group(1)).equalsIgnoreCase(name(change.group(2)))) {
                        columns.add(new Rename(table, name(change.group(1)), name(change.group(2))));
                    } else if (renameTo.matches() && !isKeyword(renameTo.group(1))) {
                        tables.add(new Rename(null, table, name(renameTo.group(1))));
                    }
                }
            }
        }
        return new RenameHints(List.copyOf(tables), List.copyOf(columns));
    }

    private static boolean isKeyword(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return lower.equals("index") || lower.equals("key") || lower.equals("column");
    }

    /** The unqualified, unquoted name: {@code `shop`.`person`} is {@code person}. */
    private static String name(String raw) {
        String name = raw.replace("`", "");
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    /** Splits at commas outside parentheses and quotes. */
    static List<String> clauses(String text) {
        List<String> clauses = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                clauses.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        clauses.add(text.substring(start).strip());
        return clauses;
    }
}
