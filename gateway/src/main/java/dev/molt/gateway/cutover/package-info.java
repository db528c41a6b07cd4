/**
 * The cutover state machine: the twelve stages as data ({@link dev.molt.gateway.cutover.Stage} for
 * routes, {@link dev.molt.gateway.cutover.CutoverPlan} for guards and actions), their persistence,
 * and the one place that moves between them, one transition at a time.
 */
package dev.molt.gateway.cutover;
