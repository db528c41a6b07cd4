package dev.molt.replicator.pipeline;

/** A completed drain: the source position at the call, the applied position at the end. */
public record DrainResult(String sourcePosition, String appliedPosition, long waitedMillis) {}
