package dev.molt.oldquery.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stops start-up when the configured database user could write: a read side that can write is a
 * second writer nobody replicates from.
 */
@Component
class ReadOnlyUserCheck implements InitializingBean {

    private static final Pattern WRITE_PRIVILEGE = Pattern.compile(
            "\\b(ALL PRIVILEGES|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|INDEX|TRIGGER|REFERENCES|SUPER)\\b");

    private final JdbcClient jdbc;
    private final QueryProperties properties;

    ReadOnlyUserCheck(JdbcClient jdbc, QueryProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        if (!properties.requireReadOnlyUser()) {
            return;
        }
        List<String> grants =
                jdbc.sql("SHOW GRANTS FOR CURRENT_USER()").query(String.class).list();
        List<String> writing = grants.stream()
                .filter(grant ->
                        WRITE_PRIVILEGE.matcher(grant.toUpperCase(Locale.ROOT)).find())
                .toList();
        if (!writing.isEmpty()) {
            throw new IllegalStateException("the query service must connect with a user that may only SELECT,"
                    + " but it holds " + writing + "; configure spring.datasource.username with a read-only user"
                    + " (or set molt.query.require-read-only-user=false)");
        }
    }
}
