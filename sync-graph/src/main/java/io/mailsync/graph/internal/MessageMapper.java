package io.mailsync.graph.internal;

import com.microsoft.graph.models.FollowupFlagStatus;
import com.microsoft.graph.models.InternetMessageHeader;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.Recipient;
import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps Graph's {@code message} to mailsync's {@link EmailMessage}. Flags are Graph's words: {@code isRead},
 * {@code flagged}, {@code flagComplete}, {@code hasAttachments} and {@code category:<name>}. Stateless.
 */
public final class MessageMapper {

    /** The {@code $select} of the properties the model needs (headers are added when asked for). */
    public static final List<String> SELECT = List.of("id", "internetMessageId", "conversationId", "from",
            "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "subject", "bodyPreview", "sentDateTime",
            "receivedDateTime", "isRead", "flag", "categories", "hasAttachments");

    private MessageMapper() {
    }

    /** Whether a delta entry is a removal ({@code "@removed": {"reason": ...}}). */
    public static boolean isRemoved(Message m) {
        return m.getAdditionalData() != null && m.getAdditionalData().containsKey("@removed");
    }

    /** The message as mailsync stores it. */
    public static EmailMessage map(AccountId accountId, FolderId folderId, Message m) {
        EmailMessage.Builder b = EmailMessage.builder(accountId, m.getId()).folderId(folderId)
                .internetMessageId(stripBrackets(m.getInternetMessageId()))
                .threadId(m.getConversationId())
                .subject(m.getSubject())
                .snippet(m.getBodyPreview())
                .to(addresses(m.getToRecipients()))
                .cc(addresses(m.getCcRecipients()))
                .bcc(addresses(m.getBccRecipients()))
                .replyTo(addresses(m.getReplyTo()))
                .flags(flags(m));
        if (m.getFrom() != null) {
            addresses(List.of(m.getFrom())).stream().findFirst().ifPresent(b::from);
        }
        OffsetDateTime received = m.getReceivedDateTime();
        b.receivedAt(received != null ? received.toInstant() : Instant.EPOCH);
        if (m.getSentDateTime() != null) {
            b.sentAt(m.getSentDateTime().toInstant());
        }
        if (m.getInternetMessageHeaders() != null) {
            Map<String, List<String>> headers = headers(m.getInternetMessageHeaders());
            b.headers(headers);
            first(headers, "in-reply-to").map(MessageMapper::stripBrackets).ifPresent(b::inReplyTo);
            first(headers, "references").ifPresent(r -> b.references(Arrays.stream(r.trim().split("\\s+"))
                    .map(MessageMapper::stripBrackets).filter(s -> !s.isEmpty()).toList()));
        }
        return b.build();
    }

    static Set<String> flags(Message m) {
        Set<String> flags = new LinkedHashSet<>();
        if (Boolean.TRUE.equals(m.getIsRead())) {
            flags.add("isRead");
        }
        if (m.getFlag() != null && m.getFlag().getFlagStatus() == FollowupFlagStatus.Flagged) {
            flags.add("flagged");
        }
        if (m.getFlag() != null && m.getFlag().getFlagStatus() == FollowupFlagStatus.Complete) {
            flags.add("flagComplete");
        }
        if (Boolean.TRUE.equals(m.getHasAttachments())) {
            flags.add("hasAttachments");
        }
        if (m.getCategories() != null) {
            m.getCategories().forEach(c -> flags.add("category:" + c));
        }
        return flags;
    }

    private static List<EmailAddress> addresses(List<Recipient> recipients) {
        if (recipients == null) {
            return List.of();
        }
        List<EmailAddress> out = new ArrayList<>();
        for (Recipient r : recipients) {
            if (r != null && r.getEmailAddress() != null && r.getEmailAddress().getAddress() != null
                    && !r.getEmailAddress().getAddress().isBlank()) {
                String name = r.getEmailAddress().getName();
                out.add(EmailAddress.of(name == null ? "" : name, r.getEmailAddress().getAddress()));
            }
        }
        return out;
    }

    private static Map<String, List<String>> headers(List<InternetMessageHeader> list) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (InternetMessageHeader h : list) {
            if (h.getName() != null && h.getValue() != null) {
                out.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
            }
        }
        return out;
    }

    private static java.util.Optional<String> first(Map<String, List<String>> headers, String name) {
        return headers.getOrDefault(name, List.of()).stream().findFirst();
    }

    static String stripBrackets(String id) {
        if (id == null) {
            return null;
        }
        String s = id.trim();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.isEmpty() ? null : s;
    }
}
