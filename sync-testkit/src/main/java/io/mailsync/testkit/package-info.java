/**
 * The mailsync test kit: a scripted {@link io.mailsync.core.spi.MailProvider} to drive the engine in tests,
 * store contract suites ({@code io.mailsync.testkit.contract}) and a mail corpus generator
 * ({@code io.mailsync.testkit.corpus}). Published, so host applications can test their integration offline.
 */
package io.mailsync.testkit;
