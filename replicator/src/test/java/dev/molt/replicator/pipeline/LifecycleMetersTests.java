package dev.molt.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.replicator.config.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifecycleMetersTests {

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PipelineLifecycle lifecycle =
            new PipelineLifecycle("forward", LifecycleMeters.of("forward", registry));

    @Test
    void everyRelaunchAndWriteRetryCountsAsARetryAndOnlyAMoveToFailedAsAFailure() throws Exception {
        lifecycle.start();
        long earlier = lifecycle.nextLaunch();
        long launch = lifecycle.nextLaunch();

        lifecycle.relaunching(launch, "source unreachable", BACKOFF);
        lifecycle.relaunching(launch, "source unreachable", BACKOFF);
        lifecycle.retrying(launch, "", "target unreachable", Duration.ofMillis(1));
        lifecycle.fail(earlier, "a launch that is over");
        lifecycle.fail(launch, "row id=7 was refused");
        lifecycle.fail(launch, "row id=8 was refused");
        lifecycle.relaunching(launch, "engine ended", BACKOFF);

        assertThat(count("molt.replication.retries")).isEqualTo(3);
        assertThat(count("molt.replication.failures")).isEqualTo(1);
    }

    private double count(String name) {
        return registry.get(name).tag("pipeline", "forward").counter().count();
    }
}
