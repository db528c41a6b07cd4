package dev.molt.replicator.capture;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a MariaDB or MySQL JDBC URL that Debezium wants as separate settings. */
public record JdbcUrl(String host, int port, String database) {

    private static final Pattern URL = Pattern.compile("jdbc:(?:mariadb|mysql)://([^:/?]+)(?::(\\d+))?/(\\w+).*");

    public static JdbcUrl parse(String url) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a MariaDB or MySQL JDBC URL with a database: " + url);
        }
        int port = matcher.group(2) == null ? 3306 : Integer.parseInt(matcher.group(2));
        return new JdbcUrl(matcher.group(1), port, matcher.group(3));
    }
}
