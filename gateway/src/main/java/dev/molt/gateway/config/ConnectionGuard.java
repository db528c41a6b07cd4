package dev.molt.gateway.config;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import reactor.netty.NettyPipeline;

/**
 * The edge of one listening port, right at its HTTP codec: a limit on open connections, deadlines
 * for a request's head, its body and the idle time between requests, and the check of Netty's
 * decoder result on every request message, so that nothing behind the codec (the public fast path,
 * WebFlux, the admin API) ever sees a request that is malformed or still arriving too slowly. A
 * head or body not complete in time is answered 408, a malformed request 400, both as problems and
 * with the connection closed, since what follows on it cannot be framed any more.
 * <p>
 * Each connection keeps one deadline, checked by a timer that is only rescheduled when a deadline
 * comes earlier than the one it waits for, so a request on a kept-alive connection usually costs a
 * few field writes and no timer operation.
 */
public final class ConnectionGuard {

    /** Name of the handler before the codec that notices the first bytes of a head. */
    public static final String BYTES = "molt.guard.bytes";

    /** Name of the handler behind the codec that checks every request message and the deadlines. */
    public static final String REQUESTS = "molt.guard.requests";

    private final long headTimeoutNanos;
    private final long bodyTimeoutNanos;
    private final long idleTimeoutNanos;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionGuard(ConnectionProperties properties) {
        this.headTimeoutNanos = properties.headTimeout().toNanos();
        this.bodyTimeoutNanos = properties.bodyTimeout().toNanos();
        this.idleTimeoutNanos = properties.idleTimeout().toNanos();
        this.maxConnections = properties.maxConnections();
    }

    /** Guards a new connection of an HTTP/1.1 Reactor Netty server; call from its {@code doOnChannelInit}. */
    public void install(Channel channel) {
        Requests requests = new Requests();
        channel.pipeline().addBefore(NettyPipeline.HttpCodec, BYTES, requests.bytes);
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, REQUESTS, requests);
    }

    /** Client connections open now on this port. */
    public int openConnections() {
        return open.get();
    }

    private enum Phase {
        /** No request is arriving: between requests, or waiting for answers. */
        NONE,
        HEAD,
        BODY
    }

    /** The deadlines and checks of one connection. */
    private final class Requests extends ChannelDuplexHandler {

        private final Bytes bytes = new Bytes();
        private ChannelHandlerContext context;
        private Phase phase = Phase.NONE;
        /** Requests whose head arrived and whose answer has not been written in full. */
        private int answersOwed;
        /** An answer's head was written and its end not yet. */
        private boolean answering;
        /** When the current deadline passes; meaningful while {@link #deadlineKind} is not null. */
        private long deadlineNanos;
        /** Phase.HEAD, Phase.BODY, or Phase.NONE for the idle deadline; null for no deadline. */
        private Phase deadlineKind;
        /** When the earliest scheduled check runs (0: none scheduled). */
        private long checkAtNanos;

        private boolean counted;
        private boolean closed;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
        }

        private void connected() {
            counted = true;
            if (open.incrementAndGet() > maxConnections) {
                close();
                return;
            }
            deadline(Phase.NONE, idleTimeoutNanos);
        }

        private void bytesArrived() {
            if (phase == Phase.NONE && !closed) {
                phase = Phase.HEAD;
                deadline(Phase.HEAD, headTimeoutNanos);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (closed) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof DecoderResultProvider provider
                    && provider.decoderResult().isFailure()) {
                DecoderResult result = provider.decoderResult();
                ReferenceCountUtil.release(msg);
                malformed(result.cause(), msg instanceof HttpRequest);
                return;
            }
            if (msg instanceof HttpRequest) {
                answersOwed++;
                phase = Phase.BODY;
                deadline(Phase.BODY, bodyTimeoutNanos);
            }
            if (msg instanceof LastHttpContent) {
                phase = Phase.NONE;
                if (answersOwed == 0) {
                    deadline(Phase.NONE, idleTimeoutNanos);
                } else {
                    deadlineKind = null;
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean informational = msg instanceof HttpResponse response
                    && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (msg instanceof HttpResponse && !informational) {
                answering = true;
            }
            boolean answered = false;
            if (msg instanceof LastHttpContent && !informational && answering) {
                answering = false;
                answersOwed = Math.max(0, answersOwed - 1);
                answered = answersOwed == 0;
                if (answered && phase == Phase.NONE) {
                    deadline(Phase.NONE, idleTimeoutNanos);
                }
            }
            ctx.write(msg, promise);
            if (answered && !closed && !ctx.channel().config().isAutoRead()) {
                // Reactor Netty 1.3.7 reads on demand and forgets to ask again where a request that
                // waited behind the one before was answered at once (reactor/reactor-netty#4361): the
                // client's next request then lies unread until it gives up. Asking for the next read
                // once every answer is out costs nothing where a read is pending already.
                ctx.read();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed = true;
            deadlineKind = null;
            if (counted) {
                counted = false;
                open.decrementAndGet();
            }
            ctx.fireChannelInactive();
        }

        private void deadline(Phase kind, long timeoutNanos) {
            long now = System.nanoTime();
            deadlineKind = kind;
            deadlineNanos = now + timeoutNanos;
            if (checkAtNanos == 0 || deadlineNanos - checkAtNanos < 0) {
                schedule(now, deadlineNanos);
            }
        }

        private void schedule(long now, long at) {
            checkAtNanos = at;
            context.executor().schedule(this::check, at - now, TimeUnit.NANOSECONDS);
        }

        private void check() {
            if (closed || deadlineKind == null) {
                checkAtNanos = 0;
                return;
            }
            long now = System.nanoTime();
            if (deadlineNanos - now > 0) {
                if (checkAtNanos - now <= 0) {
                    schedule(now, deadlineNanos);
                }
                return;
            }
            checkAtNanos = 0;
            Phase kind = deadlineKind;
            deadlineKind = null;
            switch (kind) {
                case HEAD ->
                    reject(
                            HttpStatus.REQUEST_TIMEOUT,
                            "Request timed out",
                            "The request head did not arrive in full within " + millis(headTimeoutNanos) + " ms",
                            answersOwed == 0);
                case BODY ->
                    reject(
                            HttpStatus.REQUEST_TIMEOUT,
                            "Request timed out",
                            "The request body did not arrive in full within " + millis(bodyTimeoutNanos) + " ms",
                            answersOwed == 1);
                case NONE -> close();
            }
        }

        private void malformed(Throwable cause, boolean head) {
            HttpStatus status = cause instanceof TooLongHttpHeaderException
                    ? HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : cause instanceof TooLongHttpLineException ? HttpStatus.URI_TOO_LONG : HttpStatus.BAD_REQUEST;
            String what = head ? "request head" : "request body";
            String reason = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
            reject(
                    status,
                    status == HttpStatus.BAD_REQUEST ? "Malformed request" : status.getReasonPhrase(),
                    "The " + what + " is not valid HTTP/1.1" + reason,
                    answersOwed == (head ? 0 : 1));
        }

        /**
         * Answers {@code status} and closes the connection, or only closes it where an answer cannot be
         * told apart from one to an earlier request (one is under way or owed).
         */
        private void reject(HttpStatus status, String title, String detail, boolean mayAnswer) {
            if (closed) {
                return;
            }
            closed = true;
            if (!mayAnswer || answering) {
                context.channel().close();
                return;
            }
            byte[] body = Problems.json(status, title, detail, "");
            ByteBuf content = Unpooled.wrappedBuffer(body);
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status.value()), content);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }

        private void close() {
            closed = true;
            context.channel().close();
        }

        /** Before the codec: counts the connection and notices the first bytes of each head. */
        private final class Bytes extends ChannelInboundHandlerAdapter {

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                connected();
                ctx.fireChannelActive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf buffer && buffer.isReadable()) {
                    bytesArrived();
                }
                ctx.fireChannelRead(msg);
            }
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
