package dev.molt.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HopByHopHeadersTests {

    private final HopByHopHeaders rule = HopByHopHeaders.of(Set.of("Keep-Alive", "Transfer-Encoding", "TE"));

    @Test
    void dropsTheConfiguredNamesTheConnectionHeaderAndEveryNameItLists() {
        assertThat(removed(List.of("If-Match, X-Trace", " keep-alive ,"), false))
                .containsOnly("keep-alive", "transfer-encoding", "te", "connection", "if-match", "x-trace");
    }

    @Test
    void keepsTheBodyFramingWhenAskedAndNeverTakesFramingOrHostFromAConnectionList() {
        assertThat(removed(List.of("Content-Length, Transfer-Encoding, Host"), true))
                .containsExactlyInAnyOrder("keep-alive", "te", "connection");
    }

    private List<String> removed(List<String> connection, boolean keepFraming) {
        List<String> removed = new ArrayList<>();
        rule.forEachToRemove(connection, keepFraming, removed::add);
        return removed;
    }
}
