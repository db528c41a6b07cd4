package dev.molt.gateway.fastpath;

import dev.molt.gateway.config.ProxyProblem;
import dev.molt.gateway.consistency.ConsistencyToken;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.RouteRules;
import dev.molt.gateway.routing.Target;
import dev.molt.gateway.traffic.TrafficRecorder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One request the fast path proxies, from its head to the last byte of its answer, with the same
 * rules as the stage routes: a command passes the fence before its route is looked up, an old-API
 * read routed to NEW may wait for the client's own write, a read without a body is sent once more
 * when its connection failed before any answer (a command never is), a backend that refuses is a
 * 503, one that does not answer within the response time-out a 504, one that closes without
 * answering a 502, and one whose answer is not valid HTTP a 502 with both connections closed. A
 * command is received in full (at most {@code max-command-body}) before it enters the fence, so a
 * slow client never holds a switch; and once sent, it stays in flight for the fence until its backend
 * exchange has ended, whatever happened to the client, since the backend may still commit it.
 * Everything runs on the client connection's event loop, including the resumption
 * after a hold or a retry back-off, so no field needs to be shared between threads.
 */
final class ProxiedRequest {

    private final FastPathHandler connection;
    private final ChannelHandlerContext client;
    private final FastPath fastPath;
    private final HttpRequest head;
    private final String path;
    private final RouteGroup group;
    private final boolean keepAlive;
    private final boolean command;
    /** Request contents received but not yet written to a backend (while held or connecting). */
    private final ArrayDeque<HttpContent> unsent = new ArrayDeque<>();

    private boolean requestComplete;
    /** A command's body is being received in full before it goes to the fence. */
    private boolean awaitingBody;

    private int bodyBytes;
    /** The client connection closes after the answer whatever the client asked: what follows cannot be read. */
    private boolean closeAfterAnswer;

    private boolean enteredFence;
    private boolean preparedForBackend;
    private String clientId;
    private boolean acknowledgesWrites;
    /** How often this request may be sent again after its connection failed, by the route's rules. */
    private int retries;

    private int retriesLeft;
    private Backend backend;
    private Channel backendChannel;
    private BackendHandler backendHandler;
    private boolean lastContentSent;
    private boolean answerStarted;
    private boolean informational;
    private boolean backendKeepAlive;
    private boolean done;
    private ScheduledFuture<?> timeout;
    private long lastBackendActivity;
    private final long startedNanos = System.nanoTime();
    /** Where the request was routed and its answer's status, for the traffic figures. */
    private Target target;

    private int status;

    ProxiedRequest(
            FastPathHandler connection,
            ChannelHandlerContext client,
            FastPath fastPath,
            HttpRequest head,
            String path,
            RouteGroup group) {
        this.connection = connection;
        this.client = client;
        this.fastPath = fastPath;
        this.head = head;
        this.path = path;
        this.group = group;
        this.keepAlive = HttpUtil.isKeepAlive(head);
        this.command = RouteRules.isCommand(group, head.method().name());
        fastPath.started();
    }

    HttpRequest head() {
        return head;
    }

    boolean requestComplete() {
        return requestComplete;
    }

    /** Gives up the request, with the contents received so far, for WebFlux to serve it after all. */
    ArrayDeque<HttpContent> handOver() {
        end();
        return unsent;
    }

    /** Passes the fence (commands), picks the route in force now, and sends or holds the request. */
    void route() {
        if (done) {
            return;
        }
        if (command && !requestComplete) {
            if (HttpUtil.getContentLength(head, 0L) > fastPath.maxCommandBodyBytes) {
                tooLarge();
            } else {
                awaitingBody = true;
            }
            return;
        }
        if (command && !enteredFence) {
            if (fastPath.fence.refusing()) {
                connection.delegate(this);
                return;
            }
            if (!fastPath.fence.tryEnter()) {
                fastPath.fence.whenOpen().subscribe(null, error -> resume(), this::resume);
                return;
            }
            enteredFence = true;
        }
        target = fastPath.routing.current().target(group);
        backend = fastPath.backend(group, target);
        if (backend == null) {
            leaveFence();
            connection.delegate(this);
            return;
        }
        clientId = fastPath.identity.of(
                head.headers()::get, (InetSocketAddress) client.channel().remoteAddress());
        fastPath.usage.record(clientId, group, target, System.currentTimeMillis());
        RouteRules rules = RouteRules.of(group, target, fastPath.getRetries);
        acknowledgesWrites = rules.acknowledgesWrites();
        retries = rules.retriesOf(
                head.method().name(),
                HttpUtil.getContentLength(head, 0L),
                head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING));
        retriesLeft = retries;
        if (rules.readsYourWrites() && !fastPath.readYourWrites.readsNewAtOnce(clientId, head.headers()::get)) {
            fastPath.readYourWrites
                    .awaitReadTarget(clientId, head.headers()::get)
                    .subscribe(readTarget -> client.executor().execute(() -> {
                        backend = fastPath.backend(group, readTarget);
                        send();
                    }));
            return;
        }
        send();
    }

    private void resume() {
        client.executor().execute(this::route);
    }

    /** A piece of the request body from the client. */
    void fromClient(HttpContent content) {
        if (content instanceof LastHttpContent) {
            requestComplete = true;
        }
        if (done) {
            ReferenceCountUtil.release(content);
            return;
        }
        if (awaitingBody) {
            bodyBytes += content.content().readableBytes();
            unsent.add(content);
            if (bodyBytes > fastPath.maxCommandBodyBytes) {
                tooLarge();
            } else if (requestComplete) {
                awaitingBody = false;
                route();
            }
            return;
        }
        if (backendChannel == null || !unsent.isEmpty()) {
            unsent.add(content);
            return;
        }
        lastContentSent |= content instanceof LastHttpContent;
        backendChannel.writeAndFlush(content, backendChannel.voidPromise());
    }

    /**
     * True while the client should be read for more of this request's body: it is not complete, and
     * it can go on to a backend that takes it now (held or connecting, the body waits in the socket).
     */
    boolean wantsMoreOfTheRequest() {
        return !requestComplete && !done && (awaitingBody || backendChannel != null && backendChannel.isWritable());
    }

    private void tooLarge() {
        closeAfterAnswer = true;
        answerProblem(ProxyProblem.COMMAND_TOO_LARGE, fastPath.maxCommandBodyBytes);
    }

    private void send() {
        if (done) {
            return;
        }
        if (!preparedForBackend) {
            preparedForBackend = true;
            Heads.toBackend(fastPath, head, backend);
        }
        Channel pooled = fastPath.connections.borrow(client.channel().eventLoop(), backend);
        if (pooled != null) {
            attach(pooled);
            return;
        }
        fastPath.connections
                .connect(client.channel().eventLoop(), backend, client.channel())
                .addListener((ChannelFutureListener) connecting -> {
                    if (done) {
                        connecting.channel().close();
                    } else if (connecting.isSuccess()) {
                        attach(connecting.channel());
                    } else {
                        connectFailed(connecting.cause());
                    }
                });
    }

    private void attach(Channel channel) {
        backendChannel = channel;
        backendHandler = channel.pipeline().get(BackendHandler.class);
        backendHandler.serve(this);
        lastContentSent = false;
        channel.write(head, channel.voidPromise());
        for (HttpContent content = unsent.poll(); content != null; content = unsent.poll()) {
            lastContentSent |= content instanceof LastHttpContent;
            channel.write(content, channel.voidPromise());
        }
        if (requestComplete && !lastContentSent) {
            // a retry: the body (empty, or it would not be retried) went with the first attempt
            channel.write(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
            lastContentSent = true;
        }
        channel.flush();
        if (wantsMoreOfTheRequest()) {
            client.read();
        }
        lastBackendActivity = System.nanoTime();
        timeout = client.executor().schedule(this::checkTimeout, fastPath.responseTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** The response time-out counts from the request sent, and from each read of the answer since. */
    private void checkTimeout() {
        if (done) {
            return;
        }
        long quietNanos = System.nanoTime() - lastBackendActivity;
        if (quietNanos < fastPath.responseTimeoutNanos) {
            timeout = client.executor()
                    .schedule(this::checkTimeout, fastPath.responseTimeoutNanos - quietNanos, TimeUnit.NANOSECONDS);
            return;
        }
        giveUpBackend();
        if (answerStarted) {
            abort();
            return;
        }
        answerProblem(ProxyProblem.BACKEND_TIMED_OUT, null);
    }

    /** Something the backend sent: the answer's head or a piece of its body. */
    void fromBackend(Object msg) {
        lastBackendActivity = System.nanoTime();
        if (msg instanceof DecoderResultProvider decoded
                && decoded.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            // not valid HTTP: neither connection can be framed any further
            closeAfterAnswer = true;
            backendFailed(decoded.decoderResult().cause());
            return;
        }
        if (msg instanceof HttpResponse response) {
            answerHead(response);
        }
        if (msg instanceof HttpContent content) {
            if (!(content instanceof LastHttpContent)) {
                client.write(content, client.voidPromise());
                if (!client.channel().isWritable()) {
                    backendChannel.config().setAutoRead(false);
                }
            } else if (informational) {
                informational = false;
                client.write(content, client.voidPromise());
            } else {
                ChannelFuture written = client.writeAndFlush(content);
                finish(backendKeepAlive && lastContentSent);
                if (!keepAlive) {
                    written.addListener(ChannelFutureListener.CLOSE);
                }
            }
        }
    }

    private void answerHead(HttpResponse response) {
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            informational = true;
            client.write(response, client.voidPromise());
            return;
        }
        status = response.status().code();
        backendKeepAlive = HttpUtil.isKeepAlive(response);
        Heads.toClient(fastPath, head.method(), response, keepAlive);
        Heads.announceSuccessor(fastPath, group, path, response.headers());
        if (acknowledgesWrites && response.status().codeClass() == HttpStatusClass.SUCCESS) {
            String token = fastPath.readYourWrites.acknowledged(clientId);
            response.headers().set(ConsistencyToken.NAME, token);
            response.headers().add(HttpHeaderNames.SET_COOKIE, fastPath.readYourWrites.cookie(token));
        }
        answerStarted = true;
        client.write(response, client.voidPromise());
    }

    void backendReadComplete() {
        if (answerStarted && !done) {
            client.flush();
        }
    }

    void backendWritabilityChanged(boolean writable) {
        if (writable && wantsMoreOfTheRequest()) {
            client.read();
        }
    }

    void clientWritabilityChanged(boolean writable) {
        if (backendChannel != null) {
            backendChannel.config().setAutoRead(writable);
        }
    }

    /** The backend connection closed ({@code cause} null), failed or answered malformed while it served this request. */
    void backendFailed(Throwable cause) {
        if (done) {
            return;
        }
        releaseBackend(false);
        if (answerStarted) {
            abort();
            return;
        }
        if (closeAfterAnswer) {
            answerProblem(ProxyProblem.MALFORMED_ANSWER, null);
        } else if (retriesLeft > 0 && (cause == null || cause instanceof IOException)) {
            retry();
        } else {
            answerProblem(ProxyProblem.BACKEND_CLOSED, null);
        }
    }

    private void connectFailed(Throwable cause) {
        if (retriesLeft > 0) {
            retry();
            return;
        }
        answerProblem(ProxyProblem.BACKEND_UNAVAILABLE, ProxyProblem.rootMessage(cause));
    }

    private void retry() {
        int attempt = retries - retriesLeft;
        retriesLeft--;
        client.executor()
                .schedule(this::send, RouteRules.readRetryDelay(attempt).toNanos(), TimeUnit.NANOSECONDS);
    }

    private void answerProblem(ProxyProblem problem, Object cause) {
        boolean close = !keepAlive || closeAfterAnswer;
        HttpResponse response = Heads.problem(problem, path, cause, close);
        status = response.status().code();
        Heads.announceSuccessor(fastPath, group, path, response.headers());
        answerStarted = true;
        ChannelFuture written = client.writeAndFlush(response);
        finish(false);
        if (close) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void finish(boolean backendReusable) {
        answered(status);
        cancelTimeout();
        leaveFence();
        releaseBackend(backendReusable);
        dropUnsent();
        connection.proxied(this);
    }

    /** The answer cannot be completed: the client learns it from its connection closing, as from any proxy. */
    private void abort() {
        answered(TrafficRecorder.TRANSFER_FAILED);
        cancelTimeout();
        giveUpBackend();
        dropUnsent();
        client.close();
    }

    /** The client's connection closed: whatever this request still waits for is dropped. */
    void clientClosed() {
        if (done) {
            return;
        }
        answered(TrafficRecorder.CLIENT_CLOSED);
        cancelTimeout();
        giveUpBackend();
        dropUnsent();
    }

    private void dropUnsent() {
        for (HttpContent content = unsent.poll(); content != null; content = unsent.poll()) {
            ReferenceCountUtil.release(content);
        }
    }

    /**
     * The client's side of the exchange is over. A command the backend got stays in flight for the
     * fence until the backend's side is over too (its answer complete or its connection closed),
     * since the backend may still commit it; anything else just drops its backend connection.
     */
    private void giveUpBackend() {
        if (enteredFence && backendChannel != null) {
            Channel channel = backendChannel;
            backendChannel = null;
            enteredFence = false;
            backendHandler.orphan(fastPath.fence::exit);
            channel.config().setAutoRead(true);
            return;
        }
        releaseBackend(false);
        leaveFence();
    }

    /** Ends the request as answered with {@code answerStatus} and counts it in the traffic figures (once). */
    private void answered(int answerStatus) {
        if (!done) {
            fastPath.traffic.record(group, target, answerStatus, System.nanoTime() - startedNanos);
        }
        end();
    }

    private void end() {
        if (!done) {
            done = true;
            fastPath.finished();
        }
    }

    private void leaveFence() {
        if (enteredFence) {
            enteredFence = false;
            fastPath.fence.exit();
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private void releaseBackend(boolean reusable) {
        Channel channel = backendChannel;
        if (channel == null) {
            return;
        }
        backendChannel = null;
        backendHandler.release();
        if (reusable && channel.isActive()) {
            if (!channel.config().isAutoRead()) {
                channel.config().setAutoRead(true);
            }
            fastPath.connections.giveBack(client.channel().eventLoop(), backend, channel);
        } else {
            channel.close();
        }
    }
}
