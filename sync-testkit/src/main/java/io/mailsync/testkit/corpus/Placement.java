package io.mailsync.testkit.corpus;

import java.time.Instant;
import java.util.Set;

/**
 * Where a message sits in the owner's mailbox.
 *
 * @param folder     the folder name ({@link MailCorpus#INBOX}, {@link MailCorpus#SENT}, {@link MailCorpus#ARCHIVE})
 * @param flags      IMAP system flags
 * @param receivedAt when the mailbox received (or, for sent mail, stored) the message
 */
record Placement(String folder, Set<String> flags, Instant receivedAt) {

    /** Whether the message came in from outside, so it carries {@code Received} and {@code Return-Path}. */
    boolean inbound() {
        return !folder.equals(MailCorpus.SENT);
    }
}
