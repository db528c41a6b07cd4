package dev.molt.gateway.scg;

import dev.molt.gateway.routing.HopByHopHeaders;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the one {@link HopByHopHeaders} rule from Spring Cloud Gateway's configured hop-by-hop names
 * ({@code spring.cloud.gateway.filter.remove-hop-by-hop.headers}), so both paths drop the same names.
 */
@Configuration(proxyBeanMethods = false)
class HopByHopHeadersRule {

    @Bean
    HopByHopHeaders hopByHopHeaders(RemoveHopByHopHeadersFilter configured) {
        return HopByHopHeaders.of(configured.getHeaders());
    }
}
