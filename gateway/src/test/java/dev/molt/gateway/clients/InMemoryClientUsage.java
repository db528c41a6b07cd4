package dev.molt.gateway.clients;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/** A real {@link ClientUsage} without a Spring context, for unit tests of the guards that read it. */
public final class InMemoryClientUsage {

    private InMemoryClientUsage() {}

    public static ClientUsage create() {
        return new ClientUsage(new SimpleMeterRegistry(), new ClientsProperties(1000, Duration.ofHours(1), 10));
    }
}
