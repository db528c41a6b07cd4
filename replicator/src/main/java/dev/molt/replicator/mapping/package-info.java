/**
 * The row mapping from a source table to a target table, as configuration: column renames,
 * constants, defaults and row filters. {@link dev.molt.replicator.mapping.RowMapping} is the one
 * implementation; {@link dev.molt.replicator.mapping.MappingTransformation} runs it as a Kafka
 * Connect SMT inside the Debezium engine (or a Connect cluster), and verification runs it on rows
 * read over JDBC, so both see the same mapping.
 */
package dev.molt.replicator.mapping;
