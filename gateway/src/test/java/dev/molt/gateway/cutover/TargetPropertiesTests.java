package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The declared target binds with the gateway's defaults, and a bad one stops start-up naming the property. */
class TargetPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TargetProperties.class)
    static class Target {}

    private static ApplicationContextRunner binding(String... pairs) {
        return new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withUserConfiguration(Target.class)
                .withPropertyValues(pairs);
    }

    @Test
    void noStageMeansNoTargetAndTheDefaultsComeFromApplicationYml() {
        binding().run(context -> {
            TargetProperties target = context.getBean(TargetProperties.class);
            assertThat(target.stage()).isNull();
            assertThat(target.force()).isEmpty();
            assertThat(target.dwell()).isEqualTo(Duration.ofSeconds(10));
            assertThat(target.checkInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(target.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        });
    }

    @Test
    void aTargetWithForcedStagesBindsFromACommaSeparatedList() {
        binding(
                        "molt.gateway.cutover.target.stage=12",
                        "molt.gateway.cutover.target.force=10,11",
                        "molt.gateway.cutover.target.reason=release 7")
                .run(context -> {
                    TargetProperties target = context.getBean(TargetProperties.class);
                    assertThat(target.stage()).isEqualTo(12);
                    assertThat(target.force()).containsExactly(10, 11);
                    assertThat(target.reason()).isEqualTo("release 7");
                });
    }

    @Test
    void aStageOutsideTheTableStopsStartUpNamingTheProperty() {
        binding("molt.gateway.cutover.target.stage=13")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("molt.gateway.cutover.target")
                        .hasMessageContaining("stage"));
    }

    @Test
    void aForcedStageOutsideTheTableStopsStartUpNamingTheProperty() {
        binding("molt.gateway.cutover.target.stage=4", "molt.gateway.cutover.target.force=0")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("molt.gateway.cutover.target")
                        .hasMessageContaining("force"));
    }

    @Test
    void aStageThatIsNoNumberStopsStartUp() {
        binding("molt.gateway.cutover.target.stage=twelve")
                .run(context -> assertThat(context.getStartupFailure()).isNotNull());
    }

    @Test
    void theProblemsOfATargetFromTheAdminApiNameWhatIsWrong() {
        assertThat(StageTarget.problems(null, List.of())).containsExactly("stage is required (1-12)");
        assertThat(StageTarget.problems(0, List.of(13)))
                .containsExactly(
                        "stage must be between 1 and 12, was 0", "force lists stages between 1 and 12, had 13");
        assertThat(StageTarget.problems(12, List.of(10))).isEmpty();
    }
}
