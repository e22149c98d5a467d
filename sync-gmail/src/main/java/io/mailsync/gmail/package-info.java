/**
 * The Gmail provider: history, watch and Pub/Sub push and pull (filled in by the sync-gmail issue).
 */
package io.mailsync.gmail;
