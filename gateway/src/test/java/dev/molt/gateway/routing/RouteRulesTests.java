package dev.molt.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-route rules both paths read, for every group and target that is served. */
class RouteRulesTests {

    @Test
    void onlyOldApiCommandsToOldAcknowledgeWritesAndOnlyOldApiReadsFromNewReadYourWrites() {
        for (RouteGroup group : RouteGroup.values()) {
            for (Target target : Target.values()) {
                RouteRules rules = RouteRules.of(group, target, 1);
                assertThat(rules.acknowledgesWrites())
                        .as("%s to %s acknowledges writes", group, target)
                        .isEqualTo(group == RouteGroup.OLD_API_COMMAND && target == Target.OLD);
                assertThat(rules.readsYourWrites())
                        .as("%s to %s reads your writes", group, target)
                        .isEqualTo(group == RouteGroup.OLD_API_QUERY && target == Target.NEW);
                assertThat(rules.announcesSuccessor()).isEqualTo(group.oldApi());
                assertThat(rules.gone()).isEqualTo(target == Target.GONE);
                assertThat(rules.fenced()).as("%s to %s fenced", group, target).isEqualTo(group.command());
            }
        }
    }

    @Test
    void readsAreRetriedAsConfiguredAndCommandsNever() {
        assertThat(RouteRules.of(RouteGroup.OLD_API_QUERY, Target.OLD, 2).readRetries())
                .isEqualTo(2);
        assertThat(RouteRules.of(RouteGroup.NEW_API_QUERY, Target.NEW, 2).readRetries())
                .isEqualTo(2);
        assertThat(RouteRules.of(RouteGroup.OLD_API_COMMAND, Target.OLD, 2).readRetries())
                .isZero();
        assertThat(RouteRules.of(RouteGroup.NEW_API_COMMAND, Target.NEW, 2).readRetries())
                .isZero();
    }

    @Test
    void onlyGetsWithoutABodyAreReplayed() {
        RouteRules read = RouteRules.of(RouteGroup.OLD_API_QUERY, Target.NEW, 2);
        assertThat(read.retriesOf("GET", -1, false)).isEqualTo(2);
        assertThat(read.retriesOf("GET", 0, false)).isEqualTo(2);
        assertThat(read.retriesOf("GET", 12, false)).isZero();
        assertThat(read.retriesOf("GET", -1, true)).isZero();
        assertThat(read.retriesOf("HEAD", -1, false)).isZero();
        assertThat(read.retriesOf("POST", -1, false)).isZero();
        assertThat(RouteRules.of(RouteGroup.NEW_API_COMMAND, Target.NEW, 2).retriesOf("GET", -1, false))
                .isZero();
    }

    @Test
    void readRetryDelayDoublesFromFiveMillisAndStopsAtSixteenTimesThat() {
        assertThat(RouteRules.readRetryDelay(0)).isEqualTo(Duration.ofMillis(5));
        assertThat(RouteRules.readRetryDelay(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(RouteRules.readRetryDelay(2)).isEqualTo(Duration.ofMillis(20));
        assertThat(RouteRules.readRetryDelay(4)).isEqualTo(Duration.ofMillis(80));
        assertThat(RouteRules.readRetryDelay(9)).isEqualTo(Duration.ofMillis(80));
    }

    @Test
    void onlyStateChangingMethodsOnCommandGroupsAreCommands() {
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
            assertThat(RouteRules.isCommand(RouteGroup.OLD_API_COMMAND, method)).isTrue();
            assertThat(RouteRules.isCommand(RouteGroup.NEW_API_COMMAND, method)).isTrue();
            assertThat(RouteRules.isCommand(RouteGroup.OLD_API_QUERY, method)).isFalse();
            assertThat(RouteRules.isCommand(RouteGroup.NEW_API_QUERY, method)).isFalse();
            assertThat(RouteRules.isCommand(null, method)).isFalse();
        }
        for (String method : new String[] {"GET", "HEAD", "OPTIONS"}) {
            assertThat(RouteRules.isCommand(RouteGroup.OLD_API_COMMAND, method)).isFalse();
            assertThat(RouteRules.isCommand(RouteGroup.NEW_API_COMMAND, method)).isFalse();
        }
    }
}
