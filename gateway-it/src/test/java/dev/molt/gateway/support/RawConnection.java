package dev.molt.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client connection that writes raw bytes, for what a well-behaved HTTP client never sends: half a
 * head, half a body, a malformed chunk. Reads until the server closes the connection, so a test sees
 * both the answer and that the connection ended.
 */
public final class RawConnection implements AutoCloseable {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

    private final Socket socket;

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    /** Connects to {@code port} on loopback; reads give up after 30 s. */
    public static RawConnection to(int port) {
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(30_000);
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public RawConnection send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything the server sends until it closes the connection; fails if it keeps it open for 30 s. */
    public String readUntilClosed() {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open; received so far: " + received, e);
        } catch (IOException e) {
            // reset by the server: closed as well
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** What the server sends until {@code end} has arrived, on a connection it keeps open. */
    public String readUntil(String end) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            while (!received.toString(StandardCharsets.UTF_8).endsWith(end)) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                received.write(b);
            }
        } catch (IOException e) {
            throw new AssertionError("no " + end + " from the server; received so far: " + received, e);
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** True once the server has closed the connection without sending anything; waits up to 20 ms for it. */
    public boolean closedByServer() {
        try {
            socket.setSoTimeout(20);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                socket.setSoTimeout(30_000);
            } catch (IOException e) {
                // closed: the next read says so
            }
        }
    }

    /** The status codes of the answers in {@code received}, in order. */
    public static List<String> statuses(String received) {
        Matcher matcher = STATUS_LINE.matcher(received);
        List<String> statuses = new ArrayList<>();
        while (matcher.find()) {
            statuses.add(matcher.group(1));
        }
        return statuses;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
