-- The OLD database (squid shop). The mysql image runs this once, as root, when its volume is empty
-- (after a change: docker compose down -v). Passwords are for a local stack only.
-- The tables come from old-command's Flyway migrations; this file makes the schema and the users.

CREATE DATABASE shop_old CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Owner: old-command's Flyway migrations (spring.flyway.user), and the play's seeding and checks.
CREATE USER 'shop_old'@'%' IDENTIFIED BY 'shop_old_pw';
GRANT ALL PRIVILEGES ON shop_old.* TO 'shop_old'@'%';

-- Application: old-command at run time. It reads and writes its one table, granted at table level
-- so that the gateway's write fence (a table-level REVOKE of INSERT, UPDATE, DELETE) takes effect,
-- on open connections too; database-level rights would survive it. CREATE lets the grant name the
-- table before the migration creates it (MySQL refuses a table grant on a missing table otherwise).
CREATE USER 'shop_old_app'@'%' IDENTIFIED BY 'shop_old_app_pw';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON shop_old.squid TO 'shop_old_app'@'%';

-- Read-only: old-query (which refuses to start with any write privilege).
CREATE USER 'shop_old_reader'@'%' IDENTIFIED BY 'shop_old_reader_pw';
GRANT SELECT ON shop_old.* TO 'shop_old_reader'@'%';

-- The replicator. OLD is the source of the forward pipeline: it reads the binlog (REPLICATION
-- SLAVE, REPLICATION CLIENT), takes the snapshot lock (RELOAD; LOCK TABLES where a global lock is
-- refused), lists and reads the schema (SHOW DATABASES, SELECT), and creates and updates its
-- molt_heartbeat table here. OLD is also the target of the reverse pipeline: it upserts and deletes
-- squid rows and creates and writes molt_replication_offset, molt_tombstone, molt_changelog_position (Kafka transport) and
-- molt_schema_history_reverse (INSERT, UPDATE, DELETE, CREATE).
CREATE USER 'molt_replicator'@'%' IDENTIFIED BY 'molt_replicator_pw';
GRANT REPLICATION SLAVE, REPLICATION CLIENT, RELOAD, SHOW DATABASES ON *.* TO 'molt_replicator'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, LOCK TABLES ON shop_old.* TO 'molt_replicator'@'%';

-- The gateway: its stage guards read the schema, and its write fence takes the application's write
-- privileges away and gives them back (GRANT OPTION over the privileges it hands out), then waits
-- for the application's transactions that wrote before it (LOCK TABLES: a READ lock waits for them;
-- PROCESS, to count them in INNODB_TRX when they outlast the switch's hold).
-- The replicator's writes pass the fence: they use molt_replicator's database-level rights.
CREATE USER 'molt_gateway'@'%' IDENTIFIED BY 'molt_gateway_old_pw';
GRANT SELECT, INSERT, UPDATE, DELETE ON shop_old.* TO 'molt_gateway'@'%' WITH GRANT OPTION;
GRANT LOCK TABLES ON shop_old.* TO 'molt_gateway'@'%';
GRANT PROCESS ON *.* TO 'molt_gateway'@'%';
