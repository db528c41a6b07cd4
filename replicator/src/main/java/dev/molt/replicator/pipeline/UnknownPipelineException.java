package dev.molt.replicator.pipeline;

/** A pipeline name that the configuration does not define. */
public class UnknownPipelineException extends RuntimeException {

    public UnknownPipelineException(String name) {
        super("no pipeline named '" + name + "'");
    }
}
