package dev.molt.gateway.cutover;

import dev.molt.gateway.fence.WriteFence;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.springframework.stereotype.Component;

/** The OLD and NEW databases of the cutover's settings, as the write fence reaches them. */
@Component
class CutoverDatabases implements WriteFence.Databases {

    private final CutoverProperties properties;

    CutoverDatabases(CutoverProperties properties) {
        this.properties = properties;
    }

    @Override
    public Connection connect(WriteFence.Side side) throws SQLException {
        CutoverProperties.Database db =
                side == WriteFence.Side.OLD ? properties.oldDatabase() : properties.newDatabase();
        if (!db.configured()) {
            throw new SQLException(side + " database not configured (molt.gateway.cutover."
                    + side.name().toLowerCase() + "-database.url)");
        }
        return DriverManager.getConnection(db.url(), db.username(), db.password());
    }
}
