/** The gateway's admin API as the command line uses it: bearer token, clear messages for refusals. */
package dev.molt.cutover.admin;
