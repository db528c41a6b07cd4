package dev.molt.replicator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.replicator.config.ApiProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ApiTokenFilterTests {

    private static MockHttpServletResponse call(String token, String method, String path, String authorization)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        new ApiTokenFilter(new ApiProperties(token)).doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void withoutAConfiguredTokenTheControlApiRefusesEveryCall() throws Exception {
        MockHttpServletResponse response = call("", "POST", "/replication/forward/start", "Bearer ");

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("no admin token configured");
    }

    @Test
    void theRightTokenPassesAndAWrongOneIsForbidden() throws Exception {
        assertThat(call("s3cret", "GET", "/replication", "Bearer s3cret").getStatus())
                .isEqualTo(200);
        assertThat(call("s3cret", "GET", "/replication/forward", "bearer s3cret")
                        .getStatus())
                .isEqualTo(200);
        assertThat(call("s3cret", "GET", "/replication", "Bearer s3cre").getStatus())
                .isEqualTo(403);
        assertThat(call("s3cret", "GET", "/replication", "Basic czNjcmV0").getStatus())
                .isEqualTo(401);
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        assertThat(call("s3cret", "GET", "/actuator/health/readiness", null).getStatus())
                .isEqualTo(200);
        assertThat(call("", "GET", "/actuator/health", null).getStatus()).isEqualTo(200);
    }

    @Test
    void theMetricsTakeTheSameTokenAsTheControlApi() throws Exception {
        assertThat(call("s3cret", "GET", "/actuator/prometheus", null).getStatus())
                .isEqualTo(401);
        assertThat(call("s3cret", "GET", "/actuator/metrics/molt.replication.applied", "Bearer x")
                        .getStatus())
                .isEqualTo(403);
        assertThat(call("s3cret", "GET", "/actuator/prometheus", "Bearer s3cret")
                        .getStatus())
                .isEqualTo(200);
        assertThat(call("s3cret", "GET", "/actuator/prometheusish", null).getStatus())
                .as("only the endpoint and what lies below it")
                .isEqualTo(200);
    }
}
