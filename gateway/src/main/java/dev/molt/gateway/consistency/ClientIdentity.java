package dev.molt.gateway.consistency;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Names the client of a request: its {@code X-Client-Id}, else a hash of its API key (never the key
 * itself, which would leak into metrics), else its remote address. Cached on the exchange.
 */
@Component
public class ClientIdentity {

    private static final String ATTRIBUTE = ClientIdentity.class.getName();

    private final String clientIdHeader;
    private final String apiKeyHeader;

    ClientIdentity(ConsistencyProperties properties) {
        this.clientIdHeader = properties.clientIdHeader();
        this.apiKeyHeader = properties.apiKeyHeader();
    }

    public String of(ServerWebExchange exchange) {
        String cached = exchange.getAttribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String id = of(headers::getFirst, exchange.getRequest().getRemoteAddress());
        exchange.getAttributes().put(ATTRIBUTE, id);
        return id;
    }

    /** The client of a request with these headers ({@code header} answers a name with its first value or null) from {@code remote}. */
    public String of(Function<String, String> header, InetSocketAddress remote) {
        String clientId = header.apply(clientIdHeader);
        if (clientId != null && !clientId.isBlank()) {
            return clientId.length() > 64 ? clientId.substring(0, 64) : clientId;
        }
        String apiKey = header.apply(apiKeyHeader);
        if (apiKey != null && !apiKey.isBlank()) {
            return "key-" + sha256(apiKey).substring(0, 12);
        }
        return remote == null ? "unknown" : "addr-" + remote.getAddress().getHostAddress();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
