/**
 * What the gateway tells Prometheus beyond the meters its parts register where the numbers arise:
 * gauges that read the state the cutover, the fence and the client table already keep, so that a
 * scrape costs a few field reads and the request path counts nothing new. The names are the ones
 * the Grafana dashboard ({@code deploy/grafana/}) queries.
 */
package dev.molt.gateway.metrics;
