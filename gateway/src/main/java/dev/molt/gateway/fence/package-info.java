/**
 * The fenced command switch: hold new commands at the door (a {@code WebFilter}, so released commands
 * look their route up after the flip), let in-flight ones finish, wait for the replicator to drain,
 * flip the command routes, release. Aborts with routes unchanged if the wait exceeds its budget.
 */
package dev.molt.gateway.fence;
