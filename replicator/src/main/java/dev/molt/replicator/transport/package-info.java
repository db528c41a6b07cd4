/**
 * The Kafka transport of a pipeline: capture publishes mapped change events to a change log
 * topic ({@link dev.molt.replicator.transport.ChangeLogPublisher}), and a consumer group of
 * appliers writes them to the target ({@link dev.molt.replicator.transport.ChangeLogApplier}),
 * each storing its partitions' positions in the target with the rows ({@link
 * dev.molt.replicator.transport.ChangeLogPositions}).
 */
package dev.molt.replicator.transport;
