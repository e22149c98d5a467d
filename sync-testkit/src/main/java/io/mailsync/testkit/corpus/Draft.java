package io.mailsync.testkit.corpus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A message decided but not yet written: its decoded content, before the composer picks charsets and encodings.
 *
 * @param kind         what kind of mail this is
 * @param messageId    the Message-ID without angle brackets
 * @param threadKey    the Message-ID of the conversation's first message
 * @param inReplyTo    the parent's Message-ID, for replies
 * @param references   the References chain, oldest first
 * @param from         the sender
 * @param to           the To recipients
 * @param cc           the Cc recipients
 * @param subject      the decoded subject
 * @param sentAt       the Date, whole seconds
 * @param text         the text/plain body, CRLF line breaks
 * @param html         the text/html body, CRLF line breaks
 * @param calendar     an iCalendar REQUEST, for invitations
 * @param attachments  the files, inline images first
 * @param extraHeaders further headers (List-Unsubscribe, Precedence, Auto-Submitted ...)
 */
record Draft(
        MessageKind kind,
        String messageId,
        String threadKey,
        Optional<String> inReplyTo,
        List<String> references,
        Person from,
        List<Person> to,
        List<Person> cc,
        String subject,
        Instant sentAt,
        Optional<String> text,
        Optional<String> html,
        Optional<String> calendar,
        List<Attachment> attachments,
        List<Header> extraHeaders) {

    Draft {
        references = List.copyOf(references);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        attachments = List.copyOf(attachments);
        extraHeaders = List.copyOf(extraHeaders);
    }
}
