/**
 * The IMAP provider: UID sync, CONDSTORE/QRESYNC and IDLE (filled in by the sync-imap issue).
 */
package io.mailsync.imap;
