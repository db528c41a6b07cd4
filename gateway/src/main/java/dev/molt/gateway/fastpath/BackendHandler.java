package dev.molt.gateway.fastpath;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The end of a backend connection: hands what the backend sends to the request the connection serves
 * at the moment. A pooled connection serves none; whatever reaches it then is dropped.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {

    private ProxiedRequest serving;

    void serve(ProxiedRequest request) {
        serving = request;
    }

    void release() {
        serving = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (serving == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        serving.fromBackend(msg);
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
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (serving != null) {
            serving.backendFailed(cause);
        }
        ctx.close();
    }
}
