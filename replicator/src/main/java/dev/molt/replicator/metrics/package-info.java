/**
 * What the replicator tells Prometheus about each pipeline beyond the meters the pipeline registers
 * where the numbers arise (events applied, failed attempts): gauges that read the status the API
 * already serves, at most once a second per pipeline however many gauges and scrapers ask. The
 * names are the ones the Grafana dashboard ({@code deploy/grafana/}) queries.
 */
package dev.molt.replicator.metrics;
