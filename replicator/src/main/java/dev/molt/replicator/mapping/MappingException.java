package dev.molt.replicator.mapping;

/** A source row that the configured mapping cannot map, typically because a mapped column is gone. */
public class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message);
    }
}
