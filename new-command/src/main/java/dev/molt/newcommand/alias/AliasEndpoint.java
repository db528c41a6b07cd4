package dev.molt.newcommand.alias;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/** {@code /actuator/alias}: read or switch the old-API alias; the gateway calls it at stage 11 and back. */
@Component
@Endpoint(id = "alias")
class AliasEndpoint {

    private final AliasSwitch alias;

    AliasEndpoint(AliasSwitch alias) {
        this.alias = alias;
    }

    @ReadOperation
    Map<String, Boolean> state() {
        return Map.of("enabled", alias.enabled());
    }

    @WriteOperation
    Map<String, Boolean> switchTo(boolean enabled) {
        alias.set(enabled);
        return state();
    }
}
