package dev.molt.gateway.config;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Guards every connection of the public port ({@link ConnectionGuard}); the admin port and the
 * management port ({@link ManagementServerConfiguration}) have a guard each with the same settings,
 * so none can take another's connections.
 */
@Configuration(proxyBeanMethods = false)
class PublicServerConfiguration {

    @Bean
    ConnectionGuard publicConnectionGuard(ConnectionProperties properties) {
        return new ConnectionGuard(properties);
    }

    @Bean
    NettyServerCustomizer connectionGuardOnThePublicServer(ConnectionGuard publicConnectionGuard) {
        return server -> server.doOnChannelInit((observer, channel, remote) -> publicConnectionGuard.install(channel));
    }
}
