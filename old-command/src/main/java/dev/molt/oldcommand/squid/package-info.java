/**
 * The squid feature of the OLD write side: the HTTP commands, how their bodies are read and
 * checked, and the transactional writes that bump every row's version.
 */
package dev.molt.oldcommand.squid;
