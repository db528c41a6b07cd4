/** The seafood feature of the NEW read side: one item by id, and pages in id order, optionally of one category. */
package dev.molt.newquery.seafood;
