package dev.molt.oldcommand.web;

import dev.molt.oldcommand.config.ApiProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Refuses bodies over the configured size with 413, for every method and content type, before
 * anything else can read them. It runs first, ahead of Spring's {@code FormContentFilter}, which
 * reads form-encoded PUT, PATCH and DELETE bodies whole: a declared length over the limit is
 * refused unread, and a body of unknown length (chunked) is read here, at most one byte past the
 * limit, and handed on from memory. Tomcat then parses no parameters from the body either, since
 * the stream has been taken.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final DataSize limit;
    private final HandlerExceptionResolver resolver;

    RequestBodyLimitFilter(ApiProperties properties, HandlerExceptionResolver handlerExceptionResolver) {
        this.limit = properties.maxBodySize();
        this.resolver = handlerExceptionResolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit.toBytes()) {
            refuse(request, response);
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(Math.toIntExact(limit.toBytes() + 1));
        if (body.length > limit.toBytes()) {
            refuse(request, response);
            return;
        }
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    /**
     * Answers 413 and sends it at once, with its length: Tomcat reads what is left of a body before
     * it completes a response, so an answer left in the buffer would wait for the very bytes it
     * refuses, or for the client to give up.
     */
    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        resolver.resolveException(request, answer, null, new PayloadTooLargeException(limit));
        answer.copyBodyToResponse();
        response.flushBuffer();
    }

    /** A request whose body of unknown length has been read already, served from memory. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {

        private final byte[] body;
        private final ServletInputStream stream;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
            this.stream = new BufferedStream(new ByteArrayInputStream(body));
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(stream, charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    private static final class BufferedStream extends ServletInputStream {

        private final ByteArrayInputStream in;

        BufferedStream(ByteArrayInputStream in) {
            this.in = in;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("the body has been read already; read it blocking");
        }
    }
}
