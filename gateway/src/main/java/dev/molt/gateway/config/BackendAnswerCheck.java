package dev.molt.gateway.config;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.util.ReferenceCountUtil;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;

/**
 * Checks Netty's decoder result on every message a backend sends to Spring Cloud Gateway's client,
 * as the fast path does on its own backend connections: an answer that is not valid HTTP fails the
 * exchange with {@link MalformedAnswerException} (a 502 with the client's connection closed, by
 * {@link ProxyErrorHandler}) and closes the backend connection, so it never goes back to the pool.
 */
@Component
class BackendAnswerCheck implements HttpClientCustomizer {

    @Override
    public HttpClient customize(HttpClient httpClient) {
        return httpClient.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "molt.answerCheck", new Check());
            }
        });
    }

    /** A backend's answer was not valid HTTP/1.1. */
    static final class MalformedAnswerException extends RuntimeException {

        MalformedAnswerException(Throwable cause) {
            super("the backend's answer is not valid HTTP/1.1: " + cause, cause);
        }
    }

    private static final class Check extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof DecoderResultProvider decoded
                    && decoded.decoderResult().isFailure()) {
                Throwable cause = decoded.decoderResult().cause();
                ReferenceCountUtil.release(msg);
                ctx.fireExceptionCaught(new MalformedAnswerException(cause));
                ctx.close();
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
