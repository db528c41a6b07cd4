-- The OLD shop's one entity. version is bumped by every write; replication orders by it.
CREATE TABLE squid (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    name       VARCHAR(100) NOT NULL,
    price      INT          NOT NULL,
    stock      INT          NOT NULL,
    origin     VARCHAR(100) NULL,
    updated_at DATETIME(6)  NOT NULL,
    version    BIGINT       NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT squid_price_not_negative CHECK (price >= 0),
    CONSTRAINT squid_stock_not_negative CHECK (stock >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
