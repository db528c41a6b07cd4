/**
 * The old squid API's reads served from seafood rows of category SQUID, byte for byte as the OLD
 * shop answered them, and the switch that retires them once clients have moved.
 */
package dev.molt.newquery.alias;
