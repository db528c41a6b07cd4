package dev.molt.gateway.replication;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A row-by-row comparison of source and target. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Verification(
        boolean equal, long rowsCompared, List<Object> missing, List<Object> extra, List<Object> different) {}
