/**
 * The expand/contract rules for schema changes that go out in place, as a check. Migrations are applied one by one to a scratch schema and the catalogue is compared before
 * and after each, so any SQL the database accepts is understood; the rules then say for every
 * change whether the app or the migration goes first, and what to do instead when neither order
 * survives an app rolled back one version.
 */
package dev.molt.lint;
