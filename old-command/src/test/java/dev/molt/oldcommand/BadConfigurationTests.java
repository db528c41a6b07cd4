package dev.molt.oldcommand;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/** A wrong setting stops start-up with a message that names it. */
class BadConfigurationTests {

    @Test
    void aZeroBodyLimitStopsStartUp() {
        SpringApplication app = new SpringApplication(OldCommandApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> app.run(
                        "--molt.api.max-body-size=0",
                        "--spring.flyway.enabled=false",
                        "--spring.datasource.url=jdbc:mariadb://127.0.0.1:1/none"))
                .rootCause()
                .hasMessageContaining("molt.api.max-body-size must be at least 1 byte");
    }

    @Test
    void aBodyLimitBeyondWhatIsHeldInMemoryStopsStartUp() {
        SpringApplication app = new SpringApplication(OldCommandApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> app.run(
                        "--molt.api.max-body-size=17MB",
                        "--spring.flyway.enabled=false",
                        "--spring.datasource.url=jdbc:mariadb://127.0.0.1:1/none"))
                .rootCause()
                .hasMessageContaining("molt.api.max-body-size must be at most 16MB");
    }
}
