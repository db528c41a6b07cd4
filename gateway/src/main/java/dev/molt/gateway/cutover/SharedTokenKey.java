package dev.molt.gateway.cutover;

import dev.molt.gateway.consistency.TokenKeySource;
import java.security.SecureRandom;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The consistency token key kept in the state database ({@code molt_gateway_secret}): the first
 * replica that needs it stores a random one, every other replica reads that one.
 */
@Component
class SharedTokenKey implements TokenKeySource {

    static final String NAME = "consistency-token-key";

    private final CutoverStore store;

    SharedTokenKey(CutoverStore store) {
        this.store = store;
    }

    @Override
    public Optional<byte[]> sharedKey() {
        SharedStage shared = store.shared();
        if (shared == null) {
            return Optional.empty();
        }
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        return Optional.of(shared.secret(NAME, candidate));
    }
}
