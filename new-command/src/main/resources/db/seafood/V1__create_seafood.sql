-- The NEW shop's entity. Squids keep their ids and arrive with category 'SQUID'.
-- version is bumped by every write; replication orders by it.
CREATE TABLE seafood (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    category       VARCHAR(32)   NOT NULL,
    display_name   VARCHAR(100)  NOT NULL,
    price_amount   DECIMAL(12,2) NOT NULL,
    price_currency CHAR(3)       NOT NULL DEFAULT 'KRW',
    stock_quantity INT           NOT NULL,
    catch_area     VARCHAR(100)  NULL,
    updated_at     DATETIME(6)   NOT NULL,
    version        BIGINT        NOT NULL,
    PRIMARY KEY (id),
    KEY seafood_category_id (category, id),
    CONSTRAINT seafood_price_not_negative CHECK (price_amount >= 0),
    CONSTRAINT seafood_stock_not_negative CHECK (stock_quantity >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
