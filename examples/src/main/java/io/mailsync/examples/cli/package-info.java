/**
 * {@code mailsync}, the command line ({@link io.mailsync.examples.cli.MailsyncCli}): {@code sync imap|graph|gmail}
 * with a progress line and {@code --follow}, {@code status}, {@code reset}; exit codes in
 * {@link io.mailsync.examples.cli.ExitCode}.
 */
package io.mailsync.examples.cli;
