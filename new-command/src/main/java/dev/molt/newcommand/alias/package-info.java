/**
 * The old squid API served from seafood rows of category SQUID, byte for byte as the OLD shop
 * answered it, and the switch that retires it once clients have moved.
 */
package dev.molt.newcommand.alias;
