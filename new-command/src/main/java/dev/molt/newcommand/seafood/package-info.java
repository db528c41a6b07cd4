/**
 * The seafood feature of the NEW write side: the new API's commands, how their bodies are read
 * and checked, and the transactional writes (used by the old-API alias too) that bump every
 * row's version.
 */
package dev.molt.newcommand.seafood;
