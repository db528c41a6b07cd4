/**
 * Capture: the source side of a pipeline. Chooses the Debezium connector from the server itself,
 * keeps the heartbeat row that marks positions in the source's binlog, and stores Debezium's
 * offsets in the target database, where the applier writes them with the rows they cover; counts
 * the transactions between two GTID positions of either server kind ({@code SourcePosition}).
 */
package dev.molt.replicator.capture;
