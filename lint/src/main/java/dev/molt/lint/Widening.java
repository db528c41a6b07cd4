package dev.molt.lint;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a type change only widens the column (a longer VARCHAR, a bigger integer, more DECIMAL
 * digits on both sides): every value the old app writes still fits and reads back the same.
 */
final class Widening {

    private static final Pattern TYPE = Pattern.compile("([a-z]+)(?:\\((\\d+)(?:,(\\d+))?\\))?( unsigned)?.*");
    private static final List<String> INTEGERS = List.of("tinyint", "smallint", "mediumint", "int", "bigint");
    private static final List<String> LENGTHS = List.of("varchar", "varbinary");

    private Widening() {}

    static boolean of(String before, String after) {
        Matcher was = TYPE.matcher(before.toLowerCase());
        Matcher is = TYPE.matcher(after.toLowerCase());
        if (!was.matches() || !is.matches() || !same(was.group(4), is.group(4))) {
            return false;
        }
        String base = was.group(1);
        if (INTEGERS.contains(base) && INTEGERS.contains(is.group(1))) {
            return INTEGERS.indexOf(is.group(1)) >= INTEGERS.indexOf(base);
        }
        if (!base.equals(is.group(1)) || was.group(2) == null || is.group(2) == null) {
            return false;
        }
        int oldLength = Integer.parseInt(was.group(2));
        int newLength = Integer.parseInt(is.group(2));
        if (LENGTHS.contains(base)) {
            return newLength >= oldLength;
        }
        if (base.equals("decimal")) {
            int oldScale = was.group(3) == null ? 0 : Integer.parseInt(was.group(3));
            int newScale = is.group(3) == null ? 0 : Integer.parseInt(is.group(3));
            return newScale >= oldScale && newLength - newScale >= oldLength - oldScale;
        }
        return false;
    }

    private static boolean same(String a, String b) {
        return (a == null) == (b == null);
    }
}
