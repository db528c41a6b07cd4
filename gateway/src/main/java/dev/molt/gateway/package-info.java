/**
 * The gateway application. Features live in sub-packages: {@code routing} (which group goes where),
 * {@code fastpath} (the public hot path: routed requests proxied by a Netty handler),
 * {@code cutover} (the stage table and its state machine), {@code fence} (the fenced command switch),
 * {@code consistency} (read-your-writes), {@code clients} (who still uses the old API),
 * {@code replication} (the replicator's HTTP contract), {@code admin} (the admin port) and
 * {@code config} (problem responses and other cross-cutting pieces).
 */
package dev.molt.gateway;
