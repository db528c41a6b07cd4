package dev.molt.gateway.fastpath;

import java.net.URI;

/**
 * One backend service as the fast path talks to it: where to connect and the {@code Host} header to
 * send, which is the backend's own authority, as Spring Cloud Gateway sends by default.
 */
record Backend(String host, int port, String hostHeader) {

    /** The backend at {@code uri}, or null for a scheme the fast path does not speak (anything but http). */
    static Backend of(URI uri) {
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            return null;
        }
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        return new Backend(uri.getHost(), port, uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + port);
    }
}
