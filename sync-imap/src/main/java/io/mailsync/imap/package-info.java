/**
 * The IMAP provider for mailsync: {@link io.mailsync.imap.ImapMailProvider} syncs any IMAP server (RFC 3501/9051)
 * through Jakarta Mail (Eclipse Angus Mail) — UID-based historical and incremental sync, CONDSTORE/QRESYNC when the
 * server has them, IDLE push with NOOP polling as fallback. Folders are opened read-only and bodies fetched with
 * {@code BODY.PEEK}: the sync never changes the mailbox.
 */
package io.mailsync.imap;
