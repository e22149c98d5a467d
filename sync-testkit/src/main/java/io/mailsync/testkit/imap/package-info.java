/**
 * Real IMAP servers for tests: {@link io.mailsync.testkit.imap.DovecotServer} starts a private Dovecot as a child
 * process, {@link io.mailsync.testkit.imap.GreenMailImap} an in-JVM GreenMail, and
 * {@link io.mailsync.testkit.imap.ImapTestClient} puts mail into either (APPEND, flags, expunge, folders) the way
 * another mail client would. Needs {@code org.eclipse.angus:angus-mail} and, for GreenMail,
 * {@code com.icegreen:greenmail} on the test class path (optional dependencies of the test kit).
 */
package io.mailsync.testkit.imap;
