package dev.molt.gateway.consistency;

import java.util.Optional;

/**
 * Where the consistency token key comes from when no key is configured: a store every replica
 * shares (the state database), so that replicas that were given no key still sign alike.
 */
public interface TokenKeySource {

    /** The key every replica shares, made and stored once where absent; empty without a shared store. */
    Optional<byte[]> sharedKey();
}
