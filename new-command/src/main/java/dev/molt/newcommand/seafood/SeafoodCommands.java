package dev.molt.newcommand.seafood;

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
 * The writes of the NEW shop, for the new API and the old-API alias alike. Each one is a single
 * statement guarded in SQL (catalogue; version; stock between 0 and the column's maximum), so
 * concurrent commands never lose an update, and each bumps {@code version}, which replication
 * uses to order changes.
 */
@Service
public class SeafoodCommands {

    private static final RowMapper<Seafood> SEAFOOD = (rs, n) -> new Seafood(
            rs.getLong("id"),
            rs.getString("category"),
            rs.getString("display_name"),
            new Money(rs.getBigDecimal("price_amount"), rs.getString("price_currency")),
            rs.getInt("stock_quantity"),
            rs.getString("catch_area"),
            rs.getLong("version"));

    private final JdbcClient jdbc;

    SeafoodCommands(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public Seafood create(SeafoodDraft draft) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO seafood (category, display_name, price_amount, price_currency, stock_quantity,
                                             catch_area, updated_at, version)
                        VALUES (:category, :name, :amount, :currency, :stock, :catchArea, :now, 1)""")
                .param("category", draft.category())
                .param("name", draft.name())
                .param("amount", draft.price().amount())
                .param("currency", draft.price().currency())
                .param("stock", draft.stockQuantity())
                .param("catchArea", draft.catchArea())
                .param("now", now())
                .update(key, "id");
        return find(key.getKey().longValue(), Catalogue.SEAFOOD).orElseThrow();
    }

    @Transactional
    public Seafood replace(Catalogue catalogue, long id, SeafoodDraft draft, OptionalLong expectedVersion) {
        int updated = jdbc.sql("""
                        UPDATE seafood SET category = :category, display_name = :name, price_amount = :amount,
                               price_currency = :currency, stock_quantity = :stock, catch_area = :catchArea,
                               updated_at = :now, version = version + 1
                        WHERE id = :id AND (:anyCategory OR category = :only)
                          AND (:anyVersion OR version = :version)""")
                .param("category", draft.category())
                .param("name", draft.name())
                .param("amount", draft.price().amount())
                .param("currency", draft.price().currency())
                .param("stock", draft.stockQuantity())
                .param("catchArea", draft.catchArea())
                .param("now", now())
                .param("id", id)
                .param("anyCategory", catalogue.category() == null)
                .param("only", catalogue.category())
                .param("anyVersion", expectedVersion.isEmpty())
                .param("version", expectedVersion.orElse(0))
                .update();
        if (updated == 0) {
            Seafood current = find(id, catalogue).orElseThrow(() -> new NotFoundException(catalogue, id));
            throw new VersionMismatchException(catalogue, id, expectedVersion.orElseThrow(), current.version());
        }
        return find(id, catalogue).orElseThrow();
    }

    @Transactional
    public Seafood adjustStock(Catalogue catalogue, long id, int delta) {
        int updated = jdbc.sql("""
                        UPDATE seafood SET stock_quantity = stock_quantity + :delta, updated_at = :now,
                               version = version + 1
                        WHERE id = :id AND (:anyCategory OR category = :only)
                          AND stock_quantity + :delta BETWEEN 0 AND :max""")
                .param("delta", delta)
                .param("now", now())
                .param("id", id)
                .param("anyCategory", catalogue.category() == null)
                .param("only", catalogue.category())
                .param("max", Integer.MAX_VALUE)
                .update();
        if (updated == 0) {
            Seafood current = find(id, catalogue).orElseThrow(() -> new NotFoundException(catalogue, id));
            if ((long) current.stockQuantity() + delta > Integer.MAX_VALUE) {
                throw new StockOverflowException(catalogue, id, current.stockQuantity(), delta);
            }
            throw new InsufficientStockException(catalogue, id, current.stockQuantity(), delta);
        }
        return find(id, catalogue).orElseThrow();
    }

    @Transactional
    public void delete(Catalogue catalogue, long id) {
        int deleted = jdbc.sql("DELETE FROM seafood WHERE id = :id AND (:anyCategory OR category = :only)")
                .param("id", id)
                .param("anyCategory", catalogue.category() == null)
                .param("only", catalogue.category())
                .update();
        if (deleted == 0) {
            throw new NotFoundException(catalogue, id);
        }
    }

    private Optional<Seafood> find(long id, Catalogue catalogue) {
        return jdbc.sql("""
                        SELECT id, category, display_name, price_amount, price_currency, stock_quantity, catch_area,
                               version
                        FROM seafood WHERE id = :id AND (:anyCategory OR category = :only)""")
                .param("id", id)
                .param("anyCategory", catalogue.category() == null)
                .param("only", catalogue.category())
                .query(SEAFOOD)
                .optional();
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
