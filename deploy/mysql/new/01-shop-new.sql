-- The NEW database (seafood shop). The mysql image runs this once, as root, when its volume is empty
-- (after a change: docker compose down -v). Passwords are for a local stack only.
-- The tables come from new-command's Flyway migrations; this file makes the schema and the users.

CREATE DATABASE shop_new CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Owner: new-command, which migrates the schema and writes it.
CREATE USER 'shop_new'@'%' IDENTIFIED BY 'shop_new_pw';
GRANT ALL PRIVILEGES ON shop_new.* TO 'shop_new'@'%';

-- Read-only: new-query (which refuses to start with any write privilege) and the gateway's probe
-- of the NEW schema (is the seafood table there?).
CREATE USER 'shop_new_reader'@'%' IDENTIFIED BY 'shop_new_reader_pw';
GRANT SELECT ON shop_new.* TO 'shop_new_reader'@'%';

-- The replicator. NEW is the target of the forward pipeline: it upserts and deletes seafood rows
-- and creates and writes molt_replication_offset, molt_tombstone, molt_changelog_position (Kafka
-- transport) and molt_schema_history_forward
-- (INSERT, UPDATE, DELETE, CREATE). NEW is also the source of the reverse pipeline (after the
-- command switch): it reads the binlog (REPLICATION SLAVE, REPLICATION CLIENT), may take the
-- snapshot lock (RELOAD; LOCK TABLES where a global lock is refused), lists and reads the schema
-- (SHOW DATABASES, SELECT), and creates and updates its molt_heartbeat table here.
CREATE USER 'molt_replicator'@'%' IDENTIFIED BY 'molt_replicator_pw';
GRANT REPLICATION SLAVE, REPLICATION CLIENT, RELOAD, SHOW DATABASES ON *.* TO 'molt_replicator'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, LOCK TABLES ON shop_new.* TO 'molt_replicator'@'%';
