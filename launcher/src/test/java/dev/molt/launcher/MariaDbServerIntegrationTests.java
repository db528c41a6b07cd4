package dev.molt.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class MariaDbServerIntegrationTests {

    @Test
    void serverHasTheChangeDataCaptureBinlogListensOnLoopbackHasNoAnonymousAccountAndKeepsItsDataAcrossARestart()
            throws Exception {
        try (MariaDbServer server = MariaDbServer.named("launcher-test")
                .serverId(42)
                .extraArgs("--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0")
                .start()) {
            server.asAdministrator(
                    "CREATE DATABASE kept",
                    "CREATE TABLE kept.t (id INT PRIMARY KEY)",
                    "INSERT INTO kept.t VALUES (1)",
                    "CREATE USER 'tcp_user'@'%' IDENTIFIED BY 'tcp_pw'",
                    "GRANT ALL PRIVILEGES ON *.* TO 'tcp_user'@'%'");

            assertThat(variable(server, "binlog_format")).isEqualTo("ROW");
            assertThat(variable(server, "binlog_row_image")).isEqualTo("FULL");
            assertThat(variable(server, "log_bin")).isEqualTo("1");
            assertThat(variable(server, "server_id")).isEqualTo("42");
            assertThat(variable(server, "bind_address")).isEqualTo("127.0.0.1");
            assertThat(variable(server, "sync_binlog")).isEqualTo("0");
            assertThat(variable(server, "innodb_flush_log_at_trx_commit")).isEqualTo("2");
            assertThat(variable(server, "character_set_server")).isEqualTo("utf8mb4");

            try (Connection connection = connect(server);
                    Statement statement = connection.createStatement();
                    ResultSet anonymous =
                            statement.executeQuery("SELECT COUNT(*) FROM mysql.global_priv WHERE User = ''")) {
                anonymous.next();
                assertThat(anonymous.getInt(1)).as("anonymous accounts").isZero();
            }

            server.stop();
            assertThatThrownBy(() -> variable(server, "server_id")).isInstanceOf(SQLException.class);
            server.startAgain();

            try (Connection connection = connect(server);
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM kept.t")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    private static Connection connect(MariaDbServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(""), "tcp_user", "tcp_pw");
    }

    private static String variable(MariaDbServer server, String name) throws SQLException {
        try (Connection connection = connect(server);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT @@GLOBAL." + name)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
