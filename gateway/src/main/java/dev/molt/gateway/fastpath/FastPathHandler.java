package dev.molt.gateway.fastpath;

import dev.molt.gateway.routing.RouteGroup;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The fast path of one client connection, between the HTTP codec and Reactor Netty's own handlers.
 * A request of a routed group it proxies itself ({@link ProxiedRequest}); any other request it
 * passes on to WebFlux untouched. One request at a time: a request that arrives (pipelined) while
 * the answer to the one before is not complete waits here, whichever path serves either, so
 * answers leave in the order of the requests. The end of an answer WebFlux writes is seen on its
 * way out, through this handler.
 */
final class FastPathHandler extends ChannelDuplexHandler {

    private final FastPath fastPath;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private ChannelHandlerContext context;
    /** The request proxied now, from its head until its answer is complete. */
    private ProxiedRequest proxied;
    /** WebFlux serves a request and has not written the end of its answer yet. */
    private boolean delegatedAnswerPending;
    /** The body of the request WebFlux serves is still arriving. */
    private boolean delegatedBodyPending;

    FastPathHandler(FastPath fastPath) {
        this.fastPath = fastPath;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!waiting.isEmpty() || (msg instanceof HttpRequest && busy())) {
            waiting.add(msg);
            return;
        }
        dispatch(ctx, msg);
    }

    private boolean busy() {
        return proxied != null || delegatedAnswerPending;
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            RouteGroup group = proxiable(request);
            if (group == null) {
                delegatedAnswerPending = true;
                delegatedBodyPending = !(msg instanceof LastHttpContent);
                ctx.fireChannelRead(msg);
                return;
            }
            proxied = new ProxiedRequest(this, ctx, fastPath, request, pathOf(request.uri()), group);
            proxied.route();
        } else if (msg instanceof HttpContent content) {
            if (proxied != null && !proxied.requestComplete()) {
                proxied.fromClient(content);
            } else if (delegatedBodyPending) {
                delegatedBodyPending = !(content instanceof LastHttpContent);
                ctx.fireChannelRead(content);
            } else {
                // the rest of a body whose request was answered early
                ReferenceCountUtil.release(content);
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * The group of a request the fast path serves, or null for one it leaves to WebFlux: not in a
     * group, not well-formed, not HTTP/1.1, or asking for something only WebFlux handles (an interim
     * {@code 100 Continue}, a protocol upgrade).
     */
    private RouteGroup proxiable(HttpRequest request) {
        if (!fastPath.serving()
                || request.decoderResult().isFailure()
                || request.protocolVersion() != HttpVersion.HTTP_1_1
                || request.headers().contains(HttpHeaderNames.EXPECT)
                || request.headers().contains(HttpHeaderNames.UPGRADE)) {
            return null;
        }
        return fastPath.groupOf(pathOf(request.uri()));
    }

    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /**
     * Hands a request the fast path took on to WebFlux after all: its route is no longer OLD or NEW
     * when it is looked up (after a hold).
     */
    void delegate(ProxiedRequest request) {
        proxied = null;
        delegatedAnswerPending = true;
        delegatedBodyPending = !request.requestComplete();
        context.fireChannelRead(request.head());
        for (HttpContent content : request.handOver()) {
            context.fireChannelRead(content);
        }
    }

    /** The proxied request's answer is complete: the next request may go. */
    void proxied(ProxiedRequest request) {
        if (proxied == request) {
            proxied = null;
            serveWaiting();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean endOfDelegatedAnswer = delegatedAnswerPending
                && msg instanceof LastHttpContent
                && !(msg instanceof HttpResponse response
                        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL);
        ctx.write(msg, promise);
        if (endOfDelegatedAnswer) {
            delegatedAnswerPending = false;
            // not from inside Reactor Netty's write: let it finish its answer first
            ctx.executor().execute(this::serveWaiting);
        }
    }

    private void serveWaiting() {
        // a request's body follows its head even while the request is being served
        while (!waiting.isEmpty() && !(waiting.peek() instanceof HttpRequest && busy())) {
            dispatch(context, waiting.poll());
        }
        if (!busy()) {
            context.read();
        }
    }

    /**
     * Reactor Netty reads on demand (auto-read is off); while no request is WebFlux's, the fast path
     * asks for more itself: the next request, or more of a proxied body the backend can take now.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (delegatedAnswerPending) {
            ctx.fireChannelReadComplete();
        } else if (proxied == null || proxied.wantsMoreOfTheRequest()) {
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (proxied != null) {
            proxied.clientWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (proxied != null) {
            proxied.clientClosed();
            proxied = null;
        }
        for (Object msg = waiting.poll(); msg != null; msg = waiting.poll()) {
            ReferenceCountUtil.release(msg);
        }
        ctx.fireChannelInactive();
    }
}
