/**
 * Pipelines: one Debezium engine, mapping and applier per configured source-to-target flow, with
 * its life cycle (start, stop, pause, resume, automatic restart with back-off), its status
 * (positions, lag, {@code caughtUpAt}) and drains.
 */
package dev.molt.replicator.pipeline;
