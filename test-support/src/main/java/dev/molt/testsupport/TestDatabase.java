package dev.molt.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh database on the shared {@link DatabaseServer}, with the credentials of a user that owns
 * it. {@link #readOnly()} gives a second user that may only read it, as the query services use.
 */
public record TestDatabase(DatabaseServer server, String name, String user, String password) {

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** Opens a connection as this database's user. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** The same database seen through a user that holds nothing but SELECT on it. */
    public TestDatabase readOnly() {
        String reader = name + "_ro";
        String readerPassword = "pw_" + reader;
        server.execute(
                "CREATE USER IF NOT EXISTS '" + reader + "'@'%' IDENTIFIED BY '" + readerPassword + "'",
                "GRANT SELECT ON " + name + ".* TO '" + reader + "'@'%'");
        return new TestDatabase(server, name, reader, readerPassword);
    }

    /** Points {@code spring.datasource.*} of a Spring test at this database. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::jdbcUrl);
        registry.add("spring.datasource.username", this::user);
        registry.add("spring.datasource.password", this::password);
    }
}
