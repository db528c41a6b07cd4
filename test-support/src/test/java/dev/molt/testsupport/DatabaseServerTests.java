package dev.molt.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DatabaseServerTests {

    @Test
    void serverWritesAFullRowBinlog() throws SQLException {
        TestDatabase db = DatabaseServer.newDatabase("binlog");
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            assertThat(variable(s, "log_bin")).isEqualTo("ON");
            assertThat(variable(s, "binlog_format")).isEqualTo("ROW");
            assertThat(variable(s, "binlog_row_image")).isEqualTo("FULL");
        }
    }

    @Test
    void eachCallGivesAFreshDatabase() throws SQLException {
        TestDatabase first = DatabaseServer.newDatabase("fresh");
        TestDatabase second = DatabaseServer.newDatabase("fresh");
        assertThat(first.name()).isNotEqualTo(second.name());
        try (Connection c = first.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
        }
        try (Connection c = second.connect();
                Statement s = c.createStatement();
                ResultSet tables = s.executeQuery("SHOW TABLES")) {
            assertThat(tables.next()).isFalse();
        }
    }

    @Test
    void readOnlyUserMayReadButNotWrite() throws SQLException {
        TestDatabase db = DatabaseServer.newDatabase("readonly");
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        TestDatabase reader = db.readOnly();
        try (Connection c = reader.connect();
                Statement s = c.createStatement()) {
            try (ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM t")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
            assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (2)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("denied");
        }
    }

    @Test
    void unicodeTextRoundTripsExactly() throws SQLException {
        TestDatabase db = DatabaseServer.newDatabase("unicode");
        String name = "오징어 🦑 '; DROP TABLE t; --";
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (name VARCHAR(100))");
            try (var insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                insert.setString(1, name);
                insert.executeUpdate();
            }
            try (ResultSet rows = s.executeQuery("SELECT name FROM t")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo(name);
            }
        }
    }

    private static String variable(Statement s, String name) throws SQLException {
        try (ResultSet rows = s.executeQuery("SHOW GLOBAL VARIABLES LIKE '" + name + "'")) {
            assertThat(rows.next()).as("variable %s", name).isTrue();
            return rows.getString(2);
        }
    }
}
