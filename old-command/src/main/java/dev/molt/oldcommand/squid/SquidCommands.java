package dev.molt.oldcommand.squid;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The writes of the OLD shop. Each one is a single statement guarded in SQL (version; stock between
 * 0 and the column's maximum), so concurrent commands never lose an update, and each bumps
 * {@code version}, which replication uses to order changes.
 */
@Service
class SquidCommands {

    private static final RowMapper<Squid> SQUID = (rs, n) -> new Squid(
            rs.getLong("id"),
            rs.getString("name"),
            rs.getInt("price"),
            rs.getInt("stock"),
            rs.getString("origin"),
            rs.getLong("version"));

    private final JdbcClient jdbc;

    SquidCommands(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    Squid create(SquidDraft draft) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO squid (name, price, stock, origin, updated_at, version)
                        VALUES (:name, :price, :stock, :origin, :now, 1)""")
                .param("name", draft.name())
                .param("price", draft.price())
                .param("stock", draft.stock())
                .param("origin", draft.origin())
                .param("now", now())
                .update(key, "id");
        return find(key.getKey().longValue()).orElseThrow();
    }

    @Transactional
    Squid replace(long id, SquidDraft draft, OptionalLong expectedVersion) {
        int updated = jdbc.sql("""
                        UPDATE squid SET name = :name, price = :price, stock = :stock, origin = :origin,
                               updated_at = :now, version = version + 1
                        WHERE id = :id AND (:anyVersion OR version = :version)""")
                .param("name", draft.name())
                .param("price", draft.price())
                .param("stock", draft.stock())
                .param("origin", draft.origin())
                .param("now", now())
                .param("id", id)
                .param("anyVersion", expectedVersion.isEmpty())
                .param("version", expectedVersion.orElse(0))
                .update();
        if (updated == 0) {
            Squid current = find(id).orElseThrow(() -> new SquidNotFoundException(id));
            throw new VersionMismatchException(id, expectedVersion.orElseThrow(), current.version());
        }
        return find(id).orElseThrow();
    }

    @Transactional
    Squid adjustStock(long id, int delta) {
        int updated = jdbc.sql("""
                        UPDATE squid SET stock = stock + :delta, updated_at = :now, version = version + 1
                        WHERE id = :id AND stock + :delta BETWEEN 0 AND :max""")
                .param("delta", delta)
                .param("now", now())
                .param("id", id)
                .param("max", Integer.MAX_VALUE)
                .update();
        if (updated == 0) {
            Squid current = find(id).orElseThrow(() -> new SquidNotFoundException(id));
            if ((long) current.stock() + delta > Integer.MAX_VALUE) {
                throw new StockOverflowException(id, current.stock(), delta);
            }
            throw new InsufficientStockException(id, current.stock(), delta);
        }
        return find(id).orElseThrow();
    }

    @Transactional
    void delete(long id) {
        if (jdbc.sql("DELETE FROM squid WHERE id = :id").param("id", id).update() == 0) {
            throw new SquidNotFoundException(id);
        }
    }

    private Optional<Squid> find(long id) {
        return jdbc.sql("SELECT id, name, price, stock, origin, version FROM squid WHERE id = :id")
                .param("id", id)
                .query(SQUID)
                .optional();
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
