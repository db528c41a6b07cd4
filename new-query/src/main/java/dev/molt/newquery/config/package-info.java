/** Settings a user of the NEW query service may change, and the start-up check of its database user. */
package dev.molt.newquery.config;
