/**
 * Configuration of the replicator: the typed, validated {@code molt.replicator.*} properties
 * (one entry per pipeline, each with its source, target and mapping) and the wiring of the
 * pipelines into the application.
 */
package dev.molt.replicator.config;
