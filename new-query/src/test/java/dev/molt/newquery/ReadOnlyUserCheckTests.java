package dev.molt.newquery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/** The query service refuses to start with a database user that could write. */
class ReadOnlyUserCheckTests {

    @Test
    void aUserThatMayWriteStopsStartUpWithAClearMessage() {
        TestDatabase db = DatabaseServer.newDatabase("new_query_rw");
        SpringApplication app = new SpringApplication(NewQueryApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> app.run(
                        "--spring.datasource.url=" + db.jdbcUrl(),
                        "--spring.datasource.username=" + db.user(),
                        "--spring.datasource.password=" + db.password()))
                .rootCause()
                .hasMessageContaining("must connect with a user that may only SELECT");
    }

    @Test
    void aDefaultPageLargerThanTheMaximumStopsStartUp() {
        TestDatabase reader = DatabaseServer.newDatabase("query_paging").readOnly();
        SpringApplication app = new SpringApplication(NewQueryApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> app.run(
                        "--spring.datasource.url=" + reader.jdbcUrl(),
                        "--spring.datasource.username=" + reader.user(),
                        "--spring.datasource.password=" + reader.password(),
                        "--molt.query.default-page-size=500",
                        "--molt.query.max-page-size=100"))
                .rootCause()
                .hasMessageContaining(
                        "molt.query.default-page-size (500) must not exceed molt.query.max-page-size (100)");
    }
}
