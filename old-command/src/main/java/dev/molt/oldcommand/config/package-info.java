/** Settings a user of the OLD command service may change, typed and validated at start-up. */
package dev.molt.oldcommand.config;
