/**
 * A generator of realistic, deterministic mail corpora for tests, benchmarks and the demo.
 *
 * <p>{@link io.mailsync.testkit.corpus.MailCorpus} writes RFC 5322 / MIME messages by hand (threads with replies,
 * sent mail, attachments, newsletters, notifications, calendar invites, non-ASCII headers and bodies) and returns each
 * as a {@link io.mailsync.testkit.corpus.CorpusMessage}: the raw bytes together with the fields a correct parser must
 * find in them. Everything else in this package is internal and free to change.
 */
package io.mailsync.testkit.corpus;
