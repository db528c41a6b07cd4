package dev.molt.gateway.replication;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What a successful drain reports: the source position reached and how long the replicator waited. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DrainResult(String sourcePosition, String appliedPosition, long waitedMillis) {}
