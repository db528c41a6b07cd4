/** The squid feature of the OLD read side: one squid by id, and pages of squids in id order. */
package dev.molt.oldquery.squid;
