package dev.molt.newquery.alias;

import dev.molt.newquery.config.QueryProperties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/** Whether the old API is served; set at start-up from configuration, switched at run time (stage 11). */
@Component
class AliasSwitch {

    private final AtomicBoolean enabled;

    AliasSwitch(QueryProperties properties) {
        this.enabled = new AtomicBoolean(properties.aliasEnabled());
    }

    boolean enabled() {
        return enabled.get();
    }

    void set(boolean on) {
        enabled.set(on);
    }
}
