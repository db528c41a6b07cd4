package dev.molt.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The admin bearer token: configured, or generated once per start and printed so an operator can use it. */
@Component
public class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    private final byte[] token;
    private final String value;

    AdminToken(AdminProperties properties) {
        String configured = properties.token();
        if (configured == null || configured.isBlank()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            configured = HexFormat.of().formatHex(random);
            log.warn("MOLT_ADMIN_TOKEN is not set; generated admin token: {}", configured);
        }
        this.value = configured;
        this.token = configured.getBytes(StandardCharsets.UTF_8);
    }

    /** The token in force (tests and the launcher read it; never logged when configured). */
    public String value() {
        return value;
    }

    boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
