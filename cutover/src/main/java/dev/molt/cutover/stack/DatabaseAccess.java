package dev.molt.cutover.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** How to reach one of the stack's databases over JDBC. */
public record DatabaseAccess(String url, String user, String password) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
