package dev.molt.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * One statement of a migration file and the line it starts on, for error messages. Splitting
 * follows the mysql client: a {@code ;} outside quotes and comments ends a statement; {@code --
 * }, {@code #} and {@code /* *}{@code /} comments and {@code '...'}, {@code "..."} and
 * {@code `...`} quotes are understood. {@code DELIMITER} and Flyway placeholders are not.
 */
public record SqlStatement(String sql, int line) {

    public static List<SqlStatement> split(String script) {
        List<SqlStatement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int i = 0;
        int length = script.length();
        while (i < length) {
            char c = script.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (c == '#'
                    || (c == '-'
                            && script.startsWith("--", i)
                            && (i + 2 == length || Character.isWhitespace(script.charAt(i + 2))))) {
                int end = script.indexOf('\n', i);
                i = end < 0 ? length : end;
                continue;
            }
            if (c == '/' && script.startsWith("/*", i)) {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? length : end + 2;
                line += count(script, i, end);
                i = end;
                current.append(' ');
                continue;
            }
            if (c == ';') {
                add(statements, current, startLine);
                current.setLength(0);
                startLine = -1;
                i++;
                continue;
            }
            if (!Character.isWhitespace(c) && startLine < 0) {
                startLine = line;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(script, i, c);
                line += count(script, i, end);
                current.append(script, i, end);
                i = end;
                continue;
            }
            current.append(c);
            i++;
        }
        add(statements, current, startLine);
        return statements;
    }

    private static int closingQuote(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return script.length();
    }

    private static int count(String script, int from, int to) {
        int lines = 0;
        for (int i = from; i < Math.min(to, script.length()); i++) {
            if (script.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static void add(List<SqlStatement> statements, StringBuilder text, int line) {
        String sql = text.toString().strip();
        if (!sql.isEmpty()) {
            statements.add(new SqlStatement(sql, line));
        }
    }
}
