/**
 * Apply: writes mapped change events to the target over JDBC, one transaction per batch, together
 * with the source offset they reach. The per-row version decides: an event not newer than what the
 * target holds (or than a tombstone left by a delete) changes nothing, so redelivery, replays and
 * echoes are harmless. Where the target table has other writers, the mapping's target filter
 * confines the apply to the rows the pipeline owns ({@code TargetScope}).
 */
package dev.molt.replicator.apply;
