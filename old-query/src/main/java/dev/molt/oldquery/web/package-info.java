/** HTTP concerns shared by every endpoint: problem+json errors. */
package dev.molt.oldquery.web;
