/**
 * PostgreSQL implementations of the mailsync store SPIs (filled in by the sync-jdbc issue).
 */
package io.mailsync.jdbc;
