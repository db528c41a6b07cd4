/**
 * What the routed traffic looks like, per route group: requests, errors and latency in per-second
 * buckets over the last five minutes (the dashboard's charts, {@code GET /admin/cutover/traffic}),
 * and every request in the {@code molt.gateway.requests} timer. Both routing paths, the fast path and
 * the stage routes, report each answered request to the one {@link dev.molt.gateway.traffic.TrafficRecorder}.
 */
package dev.molt.gateway.traffic;
