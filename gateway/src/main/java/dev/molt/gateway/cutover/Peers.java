package dev.molt.gateway.cutover;

/**
 * The other live gateway replicas, as the replica that runs a fenced switch reaches them (over
 * their admin APIs): the two phases of a switch across replicas.
 */
public interface Peers {

    /**
     * Asks every other live replica to close its command door and report when its in-flight
     * commands have ended. Null when all have; else why not (a replica refused or did not answer in
     * time), after which the caller must {@link #release} them.
     */
    String closeAll(String switchId);

    /**
     * Tells every other live replica to learn the outcome from the state store, route by it and
     * open; returns once each has answered or its call timed out.
     */
    void release(String switchId);
}
