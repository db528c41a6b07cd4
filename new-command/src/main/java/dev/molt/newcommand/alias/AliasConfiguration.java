package dev.molt.newcommand.alias;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the {@link AliasGate} in front of the old API's paths only. */
@Configuration(proxyBeanMethods = false)
class AliasConfiguration implements WebMvcConfigurer {

    private final AliasGate gate;

    AliasConfiguration(AliasGate gate) {
        this.gate = gate;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(gate).addPathPatterns("/command/api/squids", AliasGate.OLD_PATHS);
    }
}
