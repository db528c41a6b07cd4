package dev.molt.gateway.fastpath;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The end of a backend connection: hands what the backend sends to the request the connection serves
 * at the moment. A pooled connection serves none; whatever reaches it then is dropped. A connection
 * whose client gave up on a command is orphaned: it is read to the end of the answer (or until it
 * closes) and then closed, and only then is the command reported over, since the backend may commit
 * it until its answer is complete.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {

    private ProxiedRequest serving;
    /** Runs once when an orphaned exchange has ended; null unless orphaned. */
    private Runnable whenOrphanEnded;
    /** The orphaned answer so far is an interim (1xx) one, whose end is not the answer's end. */
    private boolean orphanInterim;

    void serve(ProxiedRequest request) {
        serving = request;
    }

    void release() {
        serving = null;
    }

    /** The request served gave up; {@code whenEnded} runs when the backend's answer is complete or the connection closed. */
    void orphan(Runnable whenEnded) {
        serving = null;
        whenOrphanEnded = whenEnded;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (serving != null) {
            serving.fromBackend(msg);
            return;
        }
        if (whenOrphanEnded != null) {
            if (msg instanceof HttpResponse response) {
                orphanInterim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            }
            boolean failed = msg instanceof DecoderResultProvider decoded
                    && decoded.decoderResult().isFailure();
            if (failed || (msg instanceof LastHttpContent && !orphanInterim)) {
                ctx.close();
            } else if (msg instanceof LastHttpContent) {
                orphanInterim = false;
            }
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (serving != null) {
            serving.backendReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (serving != null) {
            serving.backendWritabilityChanged(ctx.channel().isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (serving != null) {
            serving.backendFailed(null);
        }
        Runnable ended = whenOrphanEnded;
        whenOrphanEnded = null;
        if (ended != null) {
            ended.run();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (serving != null) {
            serving.backendFailed(cause);
        }
        ctx.close();
    }
}
