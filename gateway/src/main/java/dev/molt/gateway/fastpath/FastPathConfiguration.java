package dev.molt.gateway.fastpath;

import dev.molt.gateway.clients.ClientUsage;
import dev.molt.gateway.config.ConnectionProperties;
import dev.molt.gateway.consistency.ClientIdentity;
import dev.molt.gateway.consistency.ReadYourWrites;
import dev.molt.gateway.fence.CommandFence;
import dev.molt.gateway.routing.DeprecationHeaders;
import dev.molt.gateway.routing.HopByHopHeaders;
import dev.molt.gateway.routing.LiveBackends;
import dev.molt.gateway.routing.RoutingProperties;
import dev.molt.gateway.routing.RoutingState;
import dev.molt.gateway.traffic.TrafficRecorder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Puts the fast path on the public server, right behind its HTTP codec and connection guard. Its
 * settings are the gateway's: time-outs and retries from {@link RoutingProperties}, the idle time of
 * pooled backend connections from Spring Cloud Gateway's own configuration, the hop-by-hop rule
 * shared with the stage routes, so one setting governs both paths. Only when
 * {@code molt.gateway.fast-path.enabled} ({@link FastPathProperties}) is true.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(FastPathProperties.ENABLED)
class FastPathConfiguration {

    @Bean(destroyMethod = "close")
    BackendConnections fastPathBackendConnections(RoutingProperties routing, HttpClientProperties httpClient) {
        return new BackendConnections(
                routing.connectTimeout(), httpClient.getPool().getMaxIdleTime());
    }

    @Bean
    FastPath fastPath(
            RoutingProperties routing,
            ConnectionProperties connections,
            HopByHopHeaders hopByHop,
            RoutingState state,
            CommandFence fence,
            ReadYourWrites readYourWrites,
            ClientIdentity identity,
            ClientUsage usage,
            DeprecationHeaders deprecation,
            BackendConnections fastPathBackendConnections,
            TrafficRecorder traffic,
            LiveBackends live) {
        return new FastPath(
                routing,
                connections.maxCommandBodyBytes(),
                hopByHop,
                state,
                fence,
                readYourWrites,
                identity,
                usage,
                deprecation,
                fastPathBackendConnections,
                traffic,
                live);
    }

    @Bean
    NettyServerCustomizer fastPathOnThePublicServer(FastPath fastPath) {
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            // before Reactor Netty's handlers, behind the connection guard (which sits right at the codec)
            channel.pipeline()
                    .addBefore(NettyPipeline.HttpTrafficHandler, "molt.fastPath", new FastPathHandler(fastPath));
        });
    }
}
