package dev.molt.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on raw sockets that answers every request with the same bytes, valid HTTP or not, and
 * then watches its connection: whether the gateway closed it, or sent another request on it (reused
 * it). For what a real service would never send.
 */
public final class ScriptedBackend implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] answer;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "scripted-backend");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger closedByGateway = new AtomicInteger();

    private ScriptedBackend(String answer) throws IOException {
        this.answer = answer.getBytes(StandardCharsets.US_ASCII);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        executor.submit(this::acceptLoop);
    }

    /** A backend that answers every request with {@code answer}, byte for byte. */
    public static ScriptedBackend answering(String answer) {
        try {
            return new ScriptedBackend(answer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Requests read in full so far. */
    public int requests() {
        return requests.get();
    }

    /** Connections the gateway closed after their answer, without sending anything more on them. */
    public int closedByGateway() {
        return closedByGateway.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                executor.submit(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            if (!readRequest(in)) {
                return;
            }
            requests.incrementAndGet();
            socket.getOutputStream().write(answer);
            socket.getOutputStream().flush();
            if (in.read() < 0) {
                closedByGateway.incrementAndGet();
            }
            // else the gateway sent another request on the connection (reused it): serve no more
        } catch (IOException e) {
            closedByGateway.incrementAndGet();
        }
    }

    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(
                        line.substring("content-length:".length()).trim()));
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        executor.shutdownNow();
    }
}
