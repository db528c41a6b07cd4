package dev.molt.gateway.consistency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes without sticky sessions: with every acknowledged command the client gets a token
 * (response header and cookie {@value #NAME}) saying when its write was acknowledged, signed with
 * HMAC-SHA256 under a key every replica shares, so that a read through any replica can wait for
 * that write as the replica that acknowledged it would. A token that is tampered with, signed with
 * another key, malformed or older than {@code forget-after} counts as no token: never an error,
 * never trusted. A valid token can only make a read wait or go to OLD, never make it staler, so it
 * is honoured whoever presents it.
 * <p>
 * Format: {@code v1.<client, base64url>.<acknowledged at, epoch millis>.<HMAC-SHA256, base64url>}.
 */
@Component
public class ConsistencyToken {

    /** The response header, request header and cookie name. */
    public static final String NAME = "Molt-Consistency";

    private static final Logger log = LoggerFactory.getLogger(ConsistencyToken.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
    private static final long MAX_CLOCK_SKEW_MILLIS = 60_000;

    private final byte[] key;
    private final long maxAgeMillis;
    private final ThreadLocal<Mac> macs;

    ConsistencyToken(ConsistencyProperties properties) {
        this(properties, Optional::empty);
    }

    @Autowired
    ConsistencyToken(ConsistencyProperties properties, TokenKeySource shared) {
        this.key = keyOf(properties, shared);
        this.maxAgeMillis = properties.forgetAfter().toMillis();
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A token for a write of {@code client} acknowledged at {@code acknowledgedAt}. */
    public String issue(String client, long acknowledgedAt) {
        String payload = "v1." + B64.encodeToString(client.getBytes(StandardCharsets.UTF_8)) + "." + acknowledgedAt;
        return payload + "." + B64.encodeToString(sign(payload));
    }

    /** The Set-Cookie value carrying {@code token}. */
    public String cookie(String token) {
        return NAME + "=" + token + "; Path=/; Max-Age=" + maxAgeMillis / 1000 + "; HttpOnly; SameSite=Lax";
    }

    /**
     * When the write a request's token (header first, else cookie) vouches for was acknowledged;
     * {@link Long#MIN_VALUE} without a valid token. {@code header} answers a header name with its
     * first value or null.
     */
    public long acknowledgedAt(Function<String, String> header) {
        String token = header.apply(NAME);
        if (token == null) {
            token = fromCookies(header.apply("Cookie"));
        }
        return token == null ? Long.MIN_VALUE : verify(token.trim(), System.currentTimeMillis());
    }

    /** The time {@code token} vouches for if it is valid at {@code now}, else {@link Long#MIN_VALUE}. */
    long verify(String token, long now) {
        int lastDot = token.lastIndexOf('.');
        if (!token.startsWith("v1.") || lastDot < 0 || token.length() > 512) {
            return Long.MIN_VALUE;
        }
        String payload = token.substring(0, lastDot);
        byte[] signature;
        try {
            signature = B64_DECODER.decode(token.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            return Long.MIN_VALUE;
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            return Long.MIN_VALUE;
        }
        long at;
        try {
            at = Long.parseLong(payload.substring(payload.lastIndexOf('.') + 1));
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
        if (at < now - maxAgeMillis || at > now + MAX_CLOCK_SKEW_MILLIS) {
            return Long.MIN_VALUE;
        }
        return at;
    }

    private static String fromCookies(String cookies) {
        if (cookies == null) {
            return null;
        }
        for (String cookie : cookies.split(";")) {
            String trimmed = cookie.trim();
            if (trimmed.startsWith(NAME + "=")) {
                return trimmed.substring(NAME.length() + 1);
            }
        }
        return null;
    }

    private byte[] sign(String payload) {
        return macs.get().doFinal(payload.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] keyOf(ConsistencyProperties properties, TokenKeySource shared) {
        String configured = properties.tokenKey();
        if (configured != null && !configured.isBlank()) {
            return configured.trim().getBytes(StandardCharsets.UTF_8);
        }
        String file = properties.tokenKeyFile();
        if (file != null && !file.isBlank()) {
            try {
                return Files.readString(Path.of(file)).trim().getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read molt.gateway.consistency.token-key-file " + file, e);
            }
        }
        Optional<byte[]> stored = shared.sharedKey();
        if (stored.isPresent()) {
            return stored.get();
        }
        log.info("No molt.gateway.consistency.token-key nor state database: consistency tokens are signed with a key"
                + " of this process alone; replicas must share one key for a token to count on another replica");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }
}
