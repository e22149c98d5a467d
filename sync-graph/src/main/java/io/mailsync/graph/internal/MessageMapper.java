package io.mailsync.graph.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps Graph's {@code message} JSON (as a delta page carries it) to mailsync's {@link EmailMessage}. Flags are
 * Graph's words: {@code isRead}, {@code flagged}, {@code flagComplete}, {@code hasAttachments} and
 * {@code category:<name>}. Missing or null properties are left empty; a date Graph would never send is read as
 * absent. Stateless.
 */
public final class MessageMapper {

    /** The {@code $select} of the properties the model needs (headers are added when asked for). */
    public static final List<String> SELECT = List.of("id", "internetMessageId", "conversationId", "from",
            "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "subject", "bodyPreview", "sentDateTime",
            "receivedDateTime", "isRead", "flag", "categories", "hasAttachments");

    private MessageMapper() {
    }

    /** Whether a delta entry is a removal ({@code "@removed": {"reason": ...}}). */
    public static boolean isRemoved(JsonNode m) {
        return m.has("@removed");
    }

    /** The message as mailsync stores it. */
    public static EmailMessage map(AccountId accountId, FolderId folderId, JsonNode m) {
        EmailMessage.Builder b = EmailMessage.builder(accountId, m.path("id").asText()).folderId(folderId)
                .internetMessageId(stripBrackets(text(m, "internetMessageId")))
                .threadId(text(m, "conversationId"))
                .subject(text(m, "subject"))
                .snippet(text(m, "bodyPreview"))
                .to(addresses(m.path("toRecipients")))
                .cc(addresses(m.path("ccRecipients")))
                .bcc(addresses(m.path("bccRecipients")))
                .replyTo(addresses(m.path("replyTo")))
                .flags(flags(m));
        address(m.path("from")).ifPresent(b::from);
        b.receivedAt(date(m, "receivedDateTime").orElse(Instant.EPOCH));
        date(m, "sentDateTime").ifPresent(b::sentAt);
        JsonNode list = m.path("internetMessageHeaders");
        if (list.isArray()) {
            Map<String, List<String>> headers = headers(list);
            b.headers(headers);
            first(headers, "in-reply-to").map(MessageMapper::stripBrackets).ifPresent(b::inReplyTo);
            first(headers, "references").ifPresent(r -> b.references(Arrays.stream(r.trim().split("\\s+"))
                    .map(MessageMapper::stripBrackets).filter(s -> s != null && !s.isEmpty()).toList()));
        }
        return b.build();
    }

    static Set<String> flags(JsonNode m) {
        Set<String> flags = new LinkedHashSet<>();
        if (m.path("isRead").asBoolean(false)) {
            flags.add("isRead");
        }
        String status = m.path("flag").path("flagStatus").asText("");
        if (status.equalsIgnoreCase("flagged")) {
            flags.add("flagged");
        } else if (status.equalsIgnoreCase("complete")) {
            flags.add("flagComplete");
        }
        if (m.path("hasAttachments").asBoolean(false)) {
            flags.add("hasAttachments");
        }
        for (JsonNode c : m.path("categories")) {
            if (c.isTextual()) {
                flags.add("category:" + c.asText());
            }
        }
        return flags;
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Optional<Instant> date(JsonNode m, String field) {
        String v = text(m, field);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static List<EmailAddress> addresses(JsonNode recipients) {
        List<EmailAddress> out = new ArrayList<>();
        for (JsonNode r : recipients) {
            address(r).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<EmailAddress> address(JsonNode recipient) {
        JsonNode e = recipient.path("emailAddress");
        String address = text(e, "address");
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        String name = text(e, "name");
        return Optional.of(EmailAddress.of(name == null ? "" : name, address));
    }

    private static Map<String, List<String>> headers(JsonNode list) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode h : list) {
            String name = text(h, "name");
            String value = text(h, "value");
            if (name != null && value != null) {
                out.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
            }
        }
        return out;
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
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
