/** Settings a user of the NEW command service may change, typed and validated at start-up. */
package dev.molt.newcommand.config;
