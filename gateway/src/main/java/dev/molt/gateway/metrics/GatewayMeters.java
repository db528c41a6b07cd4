package dev.molt.gateway.metrics;

import dev.molt.gateway.clients.ClientUsage;
import dev.molt.gateway.cutover.Cutover;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The cutover's gauges, read at each scrape from the state that already exists: the stage number
 * ({@code molt_gateway_stage}), the commands in flight through the fence
 * ({@code molt_gateway_fence_commands_in_flight}) and the size of the client table
 * ({@code molt_gateway_clients}). The fence's hold times and the read-your-writes outcomes are
 * registered by {@code FencedSwitch} and {@code ReadYourWrites} themselves, where they are measured.
 */
@Component
class GatewayMeters implements MeterBinder {

    private final Cutover cutover;
    private final ClientUsage clients;

    GatewayMeters(Cutover cutover, ClientUsage clients) {
        this.cutover = cutover;
        this.clients = clients;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("molt.gateway.stage", cutover, c -> c.stage().number())
                .description("The cutover stage in force (1 to 12)")
                .register(registry);
        Gauge.builder("molt.gateway.fence.commands.in.flight", cutover, Cutover::commandsInFlight)
                .description("Commands let through the fence whose backend has not answered yet")
                .register(registry);
        Gauge.builder("molt.gateway.clients", clients, ClientUsage::size)
                .description("Clients in the client table (bounded by molt.gateway.clients.capacity)")
                .register(registry);
    }
}
