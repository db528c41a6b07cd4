package dev.molt.gateway.fastpath;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keep-alive connections to the backends, pooled per event loop: a request borrows a connection of
 * its own client connection's loop, so a whole exchange runs on one thread, without a hand-off or a
 * lock. Last in, first out, so that few connections stay hot. A pooled connection the backend has
 * closed, or one idle for longer than {@code maxIdle}, is dropped when it is met.
 */
final class BackendConnections implements AutoCloseable {

    private final int connectTimeoutMillis;
    private final long maxIdleNanos;
    private final ChannelGroup open = new DefaultChannelGroup("molt-fast-path-backends", GlobalEventExecutor.INSTANCE);
    private final Map<EventExecutor, Map<Backend, ArrayDeque<Idle>>> idle = new ConcurrentHashMap<>();
    private final Map<Class<? extends Channel>, ChannelFactory<Channel>> channelFactories = new ConcurrentHashMap<>();

    BackendConnections(Duration connectTimeout, Duration maxIdle) {
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.maxIdleNanos = maxIdle.toNanos();
    }

    /** A pooled connection to {@code backend} on {@code loop}, or null when there is none; call on {@code loop}. */
    Channel borrow(EventLoop loop, Backend backend) {
        ArrayDeque<Idle> idles = idleOn(loop, backend);
        long now = System.nanoTime();
        for (Idle next = idles.pollLast(); next != null; next = idles.pollLast()) {
            if (next.channel().isActive() && now - next.since() < maxIdleNanos) {
                return next.channel();
            }
            next.channel().close();
        }
        return null;
    }

    /** Puts a connection whose last exchange completed cleanly back into the pool; call on {@code loop}. */
    void giveBack(EventLoop loop, Backend backend, Channel channel) {
        idleOn(loop, backend).addLast(new Idle(channel, System.nanoTime()));
    }

    /**
     * Opens a new connection to {@code backend} on {@code loop}, with the same transport as
     * {@code like} (the client connection: epoll, kqueue or NIO, whichever the server runs on).
     */
    ChannelFuture connect(EventLoop loop, Backend backend, Channel like) {
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channelFactory(channelFactories.computeIfAbsent(like.getClass(), ReflectiveChannelFactory::new))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new BackendHandler());
                    }
                })
                .connect(backend.host(), backend.port());
        open.add(connecting.channel());
        return connecting;
    }

    private ArrayDeque<Idle> idleOn(EventLoop loop, Backend backend) {
        Map<Backend, ArrayDeque<Idle>> onLoop = idle.get(loop);
        if (onLoop == null) {
            onLoop = idle.computeIfAbsent(loop, l -> new HashMap<>());
        }
        return onLoop.computeIfAbsent(backend, b -> new ArrayDeque<>());
    }

    @Override
    public void close() {
        open.close().awaitUninterruptibly();
        idle.clear();
    }

    private record Idle(Channel channel, long since) {}
}
