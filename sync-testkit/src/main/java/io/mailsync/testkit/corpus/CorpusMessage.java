package io.mailsync.testkit.corpus;

import io.mailsync.core.AccountId;
import io.mailsync.core.AttachmentSummary;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One generated message: its raw RFC 5322 / MIME bytes and the fields a correct parser finds in them. Immutable and
 * thread-safe; {@link #raw()} returns a copy.
 *
 * <p>The raw message is 7-bit ASCII with CRLF line endings: non-ASCII text travels as RFC 2047 encoded words in
 * headers and as quoted-printable or base64 in bodies. Text values use CRLF line breaks and end without one (a parser
 * may keep the single CRLF that ends a single-part message's body).
 *
 * @param index             the position in the corpus, from 0
 * @param kind              what kind of mail this is
 * @param raw               the message as stored by a mail server
 * @param internetMessageId the {@code Message-ID}, without angle brackets; unique within the corpus
 * @param inReplyTo         the {@code In-Reply-To} id, without angle brackets; present exactly for replies
 * @param references        the {@code References} ids, oldest first; empty unless a reply
 * @param threadKey         the Message-ID of the conversation's first message (its own id when it starts one)
 * @param from              the sender, display name decoded
 * @param to                the {@code To} recipients
 * @param cc                the {@code Cc} recipients
 * @param subject           the decoded subject
 * @param sentAt            the {@code Date}, whole seconds
 * @param receivedAt        when the mailbox received the message: {@code sentAt} plus seconds, or {@code sentAt} for
 *                          sent mail
 * @param textBody          the decoded text/plain body; empty for HTML-only mail
 * @param htmlBody          the decoded text/html body
 * @param attachments       the attachments in MIME order (inline images, then files); sizes are decoded sizes
 * @param folder            {@link MailCorpus#INBOX}, {@link MailCorpus#SENT} (mail from the owner) or
 *                          {@link MailCorpus#ARCHIVE}
 * @param flags             IMAP system flags: {@code \Seen} on sent mail and on most received mail, sometimes
 *                          {@code \Flagged}
 * @param headers           selected top-level headers when present (message-id, in-reply-to, references, list-id,
 *                          list-unsubscribe, list-unsubscribe-post, precedence, auto-submitted): lower-case names in
 *                          message order, values unfolded as written (Message-IDs keep their brackets)
 */
public record CorpusMessage(
        int index,
        MessageKind kind,
        byte[] raw,
        String internetMessageId,
        Optional<String> inReplyTo,
        List<String> references,
        String threadKey,
        EmailAddress from,
        List<EmailAddress> to,
        List<EmailAddress> cc,
        String subject,
        Instant sentAt,
        Instant receivedAt,
        Optional<String> textBody,
        Optional<String> htmlBody,
        List<AttachmentSummary> attachments,
        String folder,
        Set<String> flags,
        Map<String, List<String>> headers) {

    private static final int SNIPPET_LENGTH = 100;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Validates and copies every value; throws {@link NullPointerException} or {@link IllegalArgumentException}. */
    public CorpusMessage {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        Objects.requireNonNull(kind, "kind");
        raw = Objects.requireNonNull(raw, "raw").clone();
        if (raw.length == 0) {
            throw new IllegalArgumentException("raw must not be empty");
        }
        requireNotBlank(internetMessageId, "internetMessageId");
        Objects.requireNonNull(inReplyTo, "inReplyTo");
        references = List.copyOf(references);
        requireNotBlank(threadKey, "threadKey");
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(textBody, "textBody");
        Objects.requireNonNull(htmlBody, "htmlBody");
        attachments = List.copyOf(attachments);
        requireNotBlank(folder, "folder");
        flags = Set.copyOf(flags);
        headers = copyHeaders(headers);
    }

    /** A copy of the raw message bytes. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The size of the raw message in bytes, without copying it. */
    public int size() {
        return raw.length;
    }

    /** Whether the message answers an earlier one of the corpus. */
    public boolean isReply() {
        return inReplyTo.isPresent();
    }

    /**
     * A preview: the first {@value #SNIPPET_LENGTH} characters of the text body (or of the HTML body's visible text
     * when there is no text body), whitespace collapsed to single spaces. Never splits a surrogate pair.
     */
    public String snippet() {
        String source = textBody.or(() -> htmlBody.map(Html::toText)).orElse("");
        String collapsed = WHITESPACE.matcher(source).replaceAll(" ").strip();
        if (collapsed.codePointCount(0, collapsed.length()) <= SNIPPET_LENGTH) {
            return collapsed;
        }
        return collapsed.substring(0, collapsed.offsetByCodePoints(0, SNIPPET_LENGTH)).stripTrailing();
    }

    /**
     * The message model a correct sync stores for this message: every expected field, {@code threadId} set to
     * {@link #threadKey()}, the corpus's {@link #flags()}, {@code size} the raw length, no Bcc or Reply-To.
     *
     * @param account           the account the message belongs to
     * @param providerMessageId the provider's id for the message; not blank
     * @param folder            the folder holding it
     * @throws IllegalArgumentException if {@code providerMessageId} is blank
     */
    public EmailMessage toEmailMessage(AccountId account, String providerMessageId, FolderId folder) {
        return EmailMessage.builder(account, providerMessageId)
                .folderId(folder)
                .internetMessageId(internetMessageId)
                .threadId(threadKey)
                .inReplyTo(inReplyTo.orElse(null))
                .references(references)
                .from(from)
                .to(to)
                .cc(cc)
                .subject(subject)
                .snippet(snippet())
                .sentAt(sentAt)
                .receivedAt(receivedAt)
                .flags(flags)
                .size(raw.length)
                .attachments(attachments)
                .textBody(textBody.orElse(null))
                .htmlBody(htmlBody.orElse(null))
                .headers(headers)
                .build();
    }

    /** {@link #toEmailMessage(AccountId, String, FolderId)} in the folder named {@link #folder()}. */
    public EmailMessage toEmailMessage(AccountId account, String providerMessageId) {
        return toEmailMessage(account, providerMessageId, FolderId.of(folder));
    }

    /** Equal when every component is, the raw bytes compared by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof CorpusMessage m && index == m.index && kind == m.kind && Arrays.equals(raw, m.raw)
                && internetMessageId.equals(m.internetMessageId) && inReplyTo.equals(m.inReplyTo)
                && references.equals(m.references) && threadKey.equals(m.threadKey) && from.equals(m.from)
                && to.equals(m.to) && cc.equals(m.cc) && subject.equals(m.subject) && sentAt.equals(m.sentAt)
                && receivedAt.equals(m.receivedAt) && textBody.equals(m.textBody) && htmlBody.equals(m.htmlBody)
                && attachments.equals(m.attachments) && folder.equals(m.folder) && flags.equals(m.flags)
                && headers.equals(m.headers);
    }

    /** A hash over the id, the index and the raw bytes' content. */
    @Override
    public int hashCode() {
        return Objects.hash(index, internetMessageId, Arrays.hashCode(raw));
    }

    /** A summary without addresses, subject or bodies, safe for logs. */
    @Override
    public String toString() {
        return "CorpusMessage[index=" + index + ", kind=" + kind + ", id=" + internetMessageId + ", folder=" + folder
                + ", size=" + raw.length + "]";
    }

    private static void requireNotBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }
}
