package dev.molt.replicator.pipeline;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.molt.replicator.config.ReplicatorProperties;
import javax.sql.DataSource;

/**
 * The connection pools of one pipeline to its source and target, opened at a launch and closed
 * when the pipeline stops or fails. Small pools that fail fast: an unreachable database must turn
 * into a retry within about a second, not block a batch. Synchronized: the launch opens them on a
 * control thread while status and drains read them from request threads.
 */
final class PipelineDataSources {

    private final String name;
    private final ReplicatorProperties.Pipeline config;
    private HikariDataSource source;
    private HikariDataSource target;

    PipelineDataSources(String name, ReplicatorProperties.Pipeline config) {
        this.name = name;
        this.config = config;
    }

    /** Opens the pools that are not open; connections are made lazily, so this never waits. */
    synchronized void open() {
        if (source == null) {
            source = pool(
                    name + "-source",
                    config.source(),
                    config.tuning(),
                    config.copy().workerCount());
        }
        if (target == null) {
            target = pool(
                    name + "-target",
                    config.target(),
                    config.tuning(),
                    config.copy().workerCount());
        }
    }

    /** The source pool; null while closed. */
    synchronized DataSource source() {
        return source;
    }

    /** The target pool; null while closed. */
    synchronized DataSource target() {
        return target;
    }

    synchronized void close() {
        if (source != null) {
            source.close();
            source = null;
        }
        if (target != null) {
            target.close();
            target = null;
        }
    }

    private static HikariDataSource pool(
            String poolName,
            ReplicatorProperties.Endpoint endpoint,
            ReplicatorProperties.Tuning settings,
            int copyWorkers) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(endpoint.url());
        hikari.setUsername(endpoint.user());
        hikari.setPassword(endpoint.password());
        // the copy's workers each hold a connection of both pools while they read or write a chunk
        hikari.setMaximumPoolSize(settings.poolSize() + copyWorkers);
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(settings.connectTimeout().toMillis());
        hikari.setValidationTimeout(settings.validationTimeout().toMillis());
        hikari.setInitializationFailTimeout(-1);
        return new HikariDataSource(hikari);
    }
}
