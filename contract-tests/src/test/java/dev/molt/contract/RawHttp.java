package dev.molt.contract;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 written by hand on a socket, for the requests {@code HttpClient} will not send: a
 * declared length with no body behind it, a chunked body on any method. Each exchange asks the
 * server to close the connection and reads the answer to the end.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int CHUNK = 8 * 1024;

    private RawHttp() {}

    /** Sends only the head, declaring {@code length} bytes that never come: the answer must not wait for them. */
    static Exchange declaredOnly(URI base, String method, String path, String contentType, long length) {
        return exchange(base, head(method, path, contentType, "Content-Length: " + length), null);
    }

    /** Sends {@code body} in chunks of 8 KiB while reading the answer, which may come before the end. */
    static Exchange chunked(URI base, String method, String path, String contentType, byte[] body) {
        return exchange(base, head(method, path, contentType, "Transfer-Encoding: chunked"), body);
    }

    /** Sends a chunked body whose first chunk size is not hexadecimal: the container fails to read it. */
    static Exchange malformedChunked(URI base, String method, String path, String contentType) {
        return exchange(
                base,
                head(method, path, contentType, "Transfer-Encoding: chunked") + "zz\r\nnot a chunk\r\n0\r\n\r\n",
                null);
    }

    private static String head(String method, String path, String contentType, String framing) {
        return method + " " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + framing + "\r\n"
                + "Connection: close\r\n\r\n";
    }

    private static Exchange exchange(URI base, String head, byte[] chunkedBody) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (chunkedBody != null) {
                // a refused body may stop being read midway; closing the socket then ends the writer
                CompletableFuture.runAsync(() -> writeChunks(out, chunkedBody));
            }
            return read(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from " + base, e);
        }
    }

    private static void writeChunks(OutputStream out, byte[] body) {
        try {
            for (int offset = 0; offset < body.length; offset += CHUNK) {
                int length = Math.min(CHUNK, body.length - offset);
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, offset, length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one answer, framed by its length or its chunks; the server may keep the connection open. */
    private static Exchange read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(
                    header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    header.substring(colon + 1).strip());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Exchange(
                status,
                headers.get("content-type"),
                headers.get("etag"),
                headers.get("location"),
                new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("answer cut short after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int length = Integer.parseInt(line(in).split(";")[0].strip(), 16);
            if (length == 0) {
                line(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            line(in);
        }
    }
}
