package dev.molt.newquery.seafood;

import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads of the seafood table, for the new API and the old-API alias alike. A null category means
 * every row. A page and its total come from one consistent snapshot.
 */
@Repository
public class SeafoodQueries {

    private static final RowMapper<Seafood> SEAFOOD = (rs, n) -> new Seafood(
            rs.getLong("id"),
            rs.getString("category"),
            rs.getString("display_name"),
            new Money(rs.getBigDecimal("price_amount"), rs.getString("price_currency")),
            rs.getInt("stock_quantity"),
            rs.getString("catch_area"),
            rs.getLong("version"));

    private static final String COLUMNS =
            "id, category, display_name, price_amount, price_currency, stock_quantity, catch_area, version";

    private final JdbcClient jdbc;

    SeafoodQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Seafood> find(long id, String category) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM seafood WHERE id = :id AND (:any OR category = :category)")
                .param("id", id)
                .param("any", category == null)
                .param("category", category)
                .query(SEAFOOD)
                .optional();
    }

    @Transactional(readOnly = true)
    public Page<Seafood> page(int page, int size, String category) {
        long total = jdbc.sql("SELECT COUNT(*) FROM seafood WHERE (:any OR category = :category)")
                .param("any", category == null)
                .param("category", category)
                .query(Long.class)
                .single();
        var items = jdbc.sql("SELECT " + COLUMNS + " FROM seafood WHERE (:any OR category = :category)"
                        + " ORDER BY id LIMIT :size OFFSET :offset")
                .param("any", category == null)
                .param("category", category)
                .param("size", size)
                .param("offset", (long) page * size)
                .query(SEAFOOD)
                .list();
        return new Page<>(items, page, size, total);
    }
}
