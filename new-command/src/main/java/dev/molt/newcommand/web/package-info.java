/** HTTP concerns shared by every endpoint: problem+json errors and the request body limit. */
package dev.molt.newcommand.web;
