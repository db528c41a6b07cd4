package dev.molt.cutover.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What sets each gateway replica of a stack apart, and what they share: the run's configuration directory. */
class GatewayReplicaTests {

    private static final Path RUN = Path.of("/work/.molt/up");

    @Test
    void everyReplicaReadsTheRunsConfigDirectoryAsAConfigTree() {
        StackPorts ports = StackPorts.defaults().withGateways(2);
        for (int index = 0; index < 2; index++) {
            Map<String, String> settings = new GatewayReplica(index, ports, true).settings(Map.of(), RUN);

            assertThat(settings.get("spring.config.import"))
                    .as("replica %d", index)
                    .isEqualTo("optional:configtree:/work/.molt/up/config/");
        }
        assertThat(GatewayReplica.configDirectory(RUN)).isEqualTo(RUN.resolve("config"));
    }
}
