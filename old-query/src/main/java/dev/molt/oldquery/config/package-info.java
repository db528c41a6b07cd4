/** Settings a user of the OLD query service may change, and the start-up check of its database user. */
package dev.molt.oldquery.config;
