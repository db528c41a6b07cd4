package dev.molt.gateway.config;

import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reads the configuration sources again every {@code molt.gateway.refresh.interval} with Spring
 * Cloud's own {@link ContextRefresher}: it loads the config data (imports included) anew and
 * publishes an {@code EnvironmentChangeEvent} naming the keys that changed, which the parts that
 * follow their configuration at run time listen to. No file watcher of our own: a config map
 * updated in place (symbolic links swapped) or a file edited is seen at the next read either way.
 */
@Component
class ConfigurationRefresh implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationRefresh.class);

    private final RefreshProperties properties;
    private final ObjectProvider<ContextRefresher> refresher;
    private ScheduledExecutorService timer;
    private boolean failing;

    ConfigurationRefresh(RefreshProperties properties, ObjectProvider<ContextRefresher> refresher) {
        this.properties = properties;
        this.refresher = refresher;
    }

    /** Starts once the application is ready: Spring Cloud's refresher cannot read the configuration before. */
    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        ContextRefresher contextRefresher = refresher.getIfAvailable();
        long millis = properties.interval().toMillis();
        if (millis <= 0 || contextRefresher == null || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "molt-config-refresh");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> refresh(contextRefresher), millis, millis, TimeUnit.MILLISECONDS);
    }

    private void refresh(ContextRefresher refresher) {
        try {
            Set<String> changed = refresher.refreshEnvironment();
            if (!changed.isEmpty()) {
                // config tree values are reported changed at every read (spring-cloud-commons#1687): not worth an info
                // line
                log.debug("Configuration keys reported changed: {}", changed);
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.error("Cannot read the configuration again; the one in force stays", e);
            }
            failing = true;
        }
    }

    /** Stops before the beans go: a read during the close would find the context closed. */
    @EventListener(ContextClosedEvent.class)
    void stop() {
        destroy();
    }

    @Override
    public synchronized void destroy() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
