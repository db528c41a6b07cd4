package dev.molt.oldquery.squid;

import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Reads of the squid table. A page and its total come from one consistent snapshot. */
@Repository
class SquidQueries {

    private static final RowMapper<Squid> SQUID = (rs, n) -> new Squid(
            rs.getLong("id"),
            rs.getString("name"),
            rs.getInt("price"),
            rs.getInt("stock"),
            rs.getString("origin"),
            rs.getLong("version"));

    private final JdbcClient jdbc;

    SquidQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Squid> find(long id) {
        return jdbc.sql("SELECT id, name, price, stock, origin, version FROM squid WHERE id = :id")
                .param("id", id)
                .query(SQUID)
                .optional();
    }

    @Transactional(readOnly = true)
    SquidPage page(int page, int size) {
        long total = jdbc.sql("SELECT COUNT(*) FROM squid").query(Long.class).single();
        var items = jdbc.sql("""
                        SELECT id, name, price, stock, origin, version FROM squid
                        ORDER BY id LIMIT :size OFFSET :offset""")
                .param("size", size)
                .param("offset", (long) page * size)
                .query(SQUID)
                .list();
        return new SquidPage(items, page, size, total);
    }
}
