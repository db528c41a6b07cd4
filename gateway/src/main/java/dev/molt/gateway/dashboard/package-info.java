/**
 * The cutover dashboard: a plain HTML, CSS and JavaScript page kept in the gateway's resources
 * ({@code dashboard/}), served by the admin server at {@code /} beside the admin API it calls. The
 * page and its assets are public (they hold nothing secret); every call the page makes carries the
 * admin token the person typed in.
 */
package dev.molt.gateway.dashboard;
