package io.mailsync.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One message of one account, as mailsync stores it. Immutable; build one with {@link #builder(AccountId, String)}.
 *
 * <p>The key is {@code (accountId, providerMessageId)}: the provider's own id (Graph message id, Gmail message id,
 * IMAP {@code folder/UIDVALIDITY/UID}). The RFC 5322 {@code Message-ID} is <em>not</em> unique: two accounts of one
 * host receive the same message with the same Message-ID, and one account can hold copies of it in several folders.
 *
 * @param accountId         the account the message belongs to
 * @param providerMessageId the provider's identifier, unique within the account
 * @param folderId          the folder holding the message ({@link FolderId#MAILBOX} for Gmail)
 * @param internetMessageId the RFC 5322 {@code Message-ID}, without angle brackets, when the message has one
 * @param threadId          the provider's conversation id (Graph conversationId, Gmail threadId), when known
 * @param inReplyTo         the {@code In-Reply-To} message id, without angle brackets
 * @param references        the {@code References} message ids, oldest first
 * @param from              the sender
 * @param to                the {@code To} recipients
 * @param cc                the {@code Cc} recipients
 * @param bcc               the {@code Bcc} recipients (only on mail the account sent)
 * @param replyTo           the {@code Reply-To} addresses
 * @param subject           the decoded subject; empty when the message has none
 * @param snippet           a short plain-text preview; may be empty
 * @param sentAt            the {@code Date} header, when present and valid
 * @param receivedAt        when the mailbox received the message (IMAP INTERNALDATE, Gmail internalDate)
 * @param flags             flags or labels in the provider's own words ({@code \Seen}, {@code UNREAD}, {@code isRead})
 * @param size              the size in bytes as the provider reports it, or -1 when unknown
 * @param attachments       what the message carries as attachments
 * @param textBody          the text/plain body, when fetched
 * @param htmlBody          the text/html body, when fetched
 * @param headers           selected headers, names in lower case, values decoded, in message order
 */
public record EmailMessage(
        AccountId accountId,
        String providerMessageId,
        FolderId folderId,
        Optional<String> internetMessageId,
        Optional<String> threadId,
        Optional<String> inReplyTo,
        List<String> references,
        Optional<EmailAddress> from,
        List<EmailAddress> to,
        List<EmailAddress> cc,
        List<EmailAddress> bcc,
        List<EmailAddress> replyTo,
        String subject,
        String snippet,
        Optional<Instant> sentAt,
        Instant receivedAt,
        Set<String> flags,
        long size,
        List<AttachmentSummary> attachments,
        Optional<String> textBody,
        Optional<String> htmlBody,
        Map<String, List<String>> headers) {

    public EmailMessage {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        if (providerMessageId.isBlank()) {
            throw new IllegalArgumentException("providerMessageId must not be blank");
        }
        Objects.requireNonNull(folderId, "folderId");
        Objects.requireNonNull(internetMessageId, "internetMessageId");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(inReplyTo, "inReplyTo");
        references = List.copyOf(references);
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        replyTo = List.copyOf(replyTo);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(snippet, "snippet");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        flags = Set.copyOf(flags);
        if (size < -1) {
            throw new IllegalArgumentException("size must be >= -1, was " + size);
        }
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(textBody, "textBody");
        Objects.requireNonNull(htmlBody, "htmlBody");
        headers = copyHeaders(headers);
    }

    /** A builder for a message of {@code accountId} with the provider's id {@code providerMessageId}. */
    public static Builder builder(AccountId accountId, String providerMessageId) {
        return new Builder(accountId, providerMessageId);
    }

    /** A builder holding this message's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This message with other flags. */
    public EmailMessage withFlags(Set<String> newFlags) {
        return toBuilder().flags(newFlags).build();
    }

    /** Whether any attachment is not inline. */
    public boolean hasAttachments() {
        return attachments.stream().anyMatch(a -> !a.inline());
    }

    /** The values of a header (name compared case-insensitively); empty when absent or not selected. */
    public List<String> header(String name) {
        List<String> values = headers.get(name); // names are stored in lower case: most callers ask that way
        if (values != null) {
            return values;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals(name) ? List.of() : headers.getOrDefault(lower, List.of());
    }

    /** A summary without addresses or bodies, safe for logs. */
    @Override
    public String toString() {
        return "EmailMessage[account=" + accountId + ", id=" + providerMessageId + ", folder=" + folderId
                + ", receivedAt=" + receivedAt + ", flags=" + flags + ", size=" + size + "]";
    }

    private static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                (a, b) -> {
                    List<String> merged = new ArrayList<>(a);
                    merged.addAll(b);
                    return List.copyOf(merged);
                }));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Builds an {@link EmailMessage}; defaults are empty values and {@code receivedAt = Instant.EPOCH}. Not thread-safe. */
    public static final class Builder {
        private final AccountId accountId;
        private final String providerMessageId;
        private FolderId folderId = FolderId.MAILBOX;
        private String internetMessageId;
        private String threadId;
        private String inReplyTo;
        private List<String> references = List.of();
        private EmailAddress from;
        private List<EmailAddress> to = List.of();
        private List<EmailAddress> cc = List.of();
        private List<EmailAddress> bcc = List.of();
        private List<EmailAddress> replyTo = List.of();
        private String subject = "";
        private String snippet = "";
        private Instant sentAt;
        private Instant receivedAt = Instant.EPOCH;
        private Set<String> flags = Set.of();
        private long size = -1;
        private List<AttachmentSummary> attachments = List.of();
        private String textBody;
        private String htmlBody;
        private Map<String, List<String>> headers = Map.of();

        private Builder(AccountId accountId, String providerMessageId) {
            this.accountId = Objects.requireNonNull(accountId, "accountId");
            this.providerMessageId = Objects.requireNonNull(providerMessageId, "providerMessageId");
        }

        private Builder(EmailMessage m) {
            this(m.accountId, m.providerMessageId);
            folderId = m.folderId;
            internetMessageId = m.internetMessageId.orElse(null);
            threadId = m.threadId.orElse(null);
            inReplyTo = m.inReplyTo.orElse(null);
            references = m.references;
            from = m.from.orElse(null);
            to = m.to;
            cc = m.cc;
            bcc = m.bcc;
            replyTo = m.replyTo;
            subject = m.subject;
            snippet = m.snippet;
            sentAt = m.sentAt.orElse(null);
            receivedAt = m.receivedAt;
            flags = m.flags;
            size = m.size;
            attachments = m.attachments;
            textBody = m.textBody.orElse(null);
            htmlBody = m.htmlBody.orElse(null);
            headers = m.headers;
        }

        public Builder folderId(FolderId folderId) { this.folderId = Objects.requireNonNull(folderId, "folderId"); return this; }
        public Builder internetMessageId(String id) { this.internetMessageId = id; return this; }
        public Builder threadId(String threadId) { this.threadId = threadId; return this; }
        public Builder inReplyTo(String inReplyTo) { this.inReplyTo = inReplyTo; return this; }
        public Builder references(List<String> references) { this.references = references; return this; }
        public Builder from(EmailAddress from) { this.from = from; return this; }
        public Builder to(List<EmailAddress> to) { this.to = to; return this; }
        public Builder cc(List<EmailAddress> cc) { this.cc = cc; return this; }
        public Builder bcc(List<EmailAddress> bcc) { this.bcc = bcc; return this; }
        public Builder replyTo(List<EmailAddress> replyTo) { this.replyTo = replyTo; return this; }
        public Builder subject(String subject) { this.subject = Objects.requireNonNullElse(subject, ""); return this; }
        public Builder snippet(String snippet) { this.snippet = Objects.requireNonNullElse(snippet, ""); return this; }
        public Builder sentAt(Instant sentAt) { this.sentAt = sentAt; return this; }
        public Builder receivedAt(Instant receivedAt) { this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt"); return this; }
        public Builder flags(Set<String> flags) { this.flags = flags; return this; }
        public Builder size(long size) { this.size = size; return this; }
        public Builder attachments(List<AttachmentSummary> attachments) { this.attachments = attachments; return this; }
        public Builder textBody(String textBody) { this.textBody = textBody; return this; }
        public Builder htmlBody(String htmlBody) { this.htmlBody = htmlBody; return this; }
        public Builder headers(Map<String, List<String>> headers) { this.headers = headers; return this; }

        /** The message; throws {@link IllegalArgumentException} or {@link NullPointerException} naming a bad field. */
        public EmailMessage build() {
            return new EmailMessage(accountId, providerMessageId, folderId, Optional.ofNullable(internetMessageId),
                    Optional.ofNullable(threadId), Optional.ofNullable(inReplyTo), references, Optional.ofNullable(from),
                    to, cc, bcc, replyTo, subject, snippet, Optional.ofNullable(sentAt), receivedAt, flags, size,
                    attachments, Optional.ofNullable(textBody), Optional.ofNullable(htmlBody), headers);
        }
    }
}
