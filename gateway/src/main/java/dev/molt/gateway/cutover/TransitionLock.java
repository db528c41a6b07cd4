package dev.molt.gateway.cutover;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The lock that lets one gateway replica at a time run a transition, kept by Spring Integration's
 * JDBC lock registry in the state database ({@code molt_gateway_LOCK}). It expires after {@code ttl}
 * so that a replica that died inside a transition does not block the others for ever; a transition
 * that outlives it is still safe, because the stage itself is written by compare-and-set.
 */
final class TransitionLock implements AutoCloseable {

    static final String TABLE = "molt_gateway_LOCK";
    private static final String KEY = "cutover-transition";

    private final DefaultLockRepository repository;
    private final JdbcLockRegistry registry;

    TransitionLock(StateStoreProperties properties) {
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource(properties.url(), properties.username(), properties.password());
        repository = new DefaultLockRepository(dataSource);
        repository.setPrefix("molt_gateway_");
        repository.setRegion("molt-gateway");
        repository.setTransactionManager(new DataSourceTransactionManager(dataSource));
        repository.afterPropertiesSet();
        repository.afterSingletonsInstantiated();
        registry = new JdbcLockRegistry(repository, properties.lockTtl());
        registry.setIdleBetweenTries(Duration.ofMillis(50));
    }

    /**
     * The lock, waiting for it at most {@code wait} (zero: not at all); null when another replica
     * still holds it. Unlock it on the same thread.
     */
    Lock tryAcquire(Duration wait) {
        Lock lock = registry.obtain(KEY);
        try {
            return lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS) ? lock : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
