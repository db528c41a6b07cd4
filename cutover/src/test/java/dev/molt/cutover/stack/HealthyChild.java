package dev.molt.cutover.stack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A child process that answers 200 on {@code /health} at the port of its {@code --port=N} argument until killed. */
final class HealthyChild {

    private HealthyChild() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0].substring(args[0].indexOf('=') + 1));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        System.out.println("listening on " + port);
    }
}
