package io.mailsync.graph.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one page of a folder's messages delta ({@code {"value": [...], "@odata.nextLink" | "@odata.deltaLink"}})
 * straight from the response stream into mailsync's {@link EmailMessage}s: no tree, no SDK models, one pass. Flags
 * are Graph's words: {@code isRead}, {@code flagged}, {@code flagComplete}, {@code hasAttachments} and
 * {@code category:<name>}. Missing or null properties are left empty; a date Graph would never send is read as
 * absent; unknown properties are skipped. Stateless.
 */
public final class DeltaPageReader {

    /** The {@code $select} of the properties the model needs (headers are added when asked for). */
    public static final List<String> SELECT = List.of("id", "internetMessageId", "conversationId", "from",
            "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "subject", "bodyPreview", "sentDateTime",
            "receivedDateTime", "isRead", "flag", "categories", "hasAttachments");

    private static final JsonFactory JSON = new JsonFactory();

    /** A page: its messages in order, the ids it reports removed, and the link to follow or to keep. */
    public record Page(List<EmailMessage> messages, List<String> removed, String nextLink, String deltaLink) {
    }

    private DeltaPageReader() {
    }

    /** Reads a page; the caller closes {@code in}. */
    public static Page read(InputStream in, AccountId accountId, FolderId folderId) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            return read(p, accountId, folderId);
        }
    }

    /** Reads a page from JSON text (tests, replays). */
    public static Page read(String json, AccountId accountId, FolderId folderId) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            return read(p, accountId, folderId);
        }
    }

    private static Page read(JsonParser p, AccountId accountId, FolderId folderId) throws IOException {
        expect(p, p.nextToken(), JsonToken.START_OBJECT);
        List<EmailMessage> messages = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        String next = null;
        String delta = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "value" -> {
                    expect(p, value, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Entry e = readEntry(p);
                        if (e.id == null) {
                            continue;
                        }
                        if (e.removed) {
                            removed.add(e.id);
                        } else {
                            messages.add(e.toMessage(accountId, folderId));
                        }
                    }
                }
                case "@odata.nextLink" -> next = text(p, value);
                case "@odata.deltaLink" -> delta = text(p, value);
                default -> p.skipChildren();
            }
        }
        return new Page(messages, removed, next, delta);
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "expected " + expected + " but found "
                    + actual + " in a Graph delta page");
        }
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static boolean bool(JsonToken t) {
        return t == JsonToken.VALUE_TRUE;
    }

    private static Entry readEntry(JsonParser p) throws IOException {
        Entry e = new Entry();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> e.id = text(p, t);
                case "@removed" -> {
                    e.removed = true;
                    p.skipChildren();
                }
                case "internetMessageId" -> e.internetMessageId = text(p, t);
                case "conversationId" -> e.conversationId = text(p, t);
                case "subject" -> e.subject = text(p, t);
                case "bodyPreview" -> e.bodyPreview = text(p, t);
                case "receivedDateTime" -> e.received = text(p, t);
                case "sentDateTime" -> e.sent = text(p, t);
                case "isRead" -> e.read = bool(t);
                case "hasAttachments" -> e.attachments = bool(t);
                case "flag" -> e.flagStatus = flagStatus(p, t);
                case "categories" -> e.categories = strings(p, t);
                case "from" -> e.from = address(p, t);
                case "toRecipients" -> e.to = addresses(p, t);
                case "ccRecipients" -> e.cc = addresses(p, t);
                case "bccRecipients" -> e.bcc = addresses(p, t);
                case "replyTo" -> e.replyTo = addresses(p, t);
                case "internetMessageHeaders" -> e.headers = headers(p, t);
                default -> p.skipChildren();
            }
        }
        return e;
    }

    private static String flagStatus(JsonParser p, JsonToken t) throws IOException {
        String status = null;
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("flagStatus")) {
                    status = text(p, v);
                } else {
                    p.skipChildren();
                }
            }
        }
        return status;
    }

    private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
        List<String> out = new ArrayList<>();
        if (t == JsonToken.START_ARRAY) {
            JsonToken v;
            while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                if (v == JsonToken.VALUE_STRING) {
                    out.add(p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
        return out;
    }

    private static List<EmailAddress> addresses(JsonParser p, JsonToken t) throws IOException {
        List<EmailAddress> out = new ArrayList<>();
        if (t == JsonToken.START_ARRAY) {
            JsonToken v;
            while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                EmailAddress a = address(p, v);
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** A {@code recipient}: {@code {"emailAddress": {"name", "address"}}}; null without an address. */
    private static EmailAddress address(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String name = null;
        String address = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (!field.equals("emailAddress") || v != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String inner = p.currentName();
                JsonToken iv = p.nextToken();
                switch (inner) {
                    case "name" -> name = text(p, iv);
                    case "address" -> address = text(p, iv);
                    default -> p.skipChildren();
                }
            }
        }
        return address == null || address.isBlank() ? null : EmailAddress.of(name == null ? "" : name, address);
    }

    private static Map<String, List<String>> headers(JsonParser p, JsonToken t) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return out;
        }
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            if (v != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String name = null;
            String value = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken fv = p.nextToken();
                switch (field) {
                    case "name" -> name = text(p, fv);
                    case "value" -> value = text(p, fv);
                    default -> p.skipChildren();
                }
            }
            if (name != null && value != null) {
                out.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
            }
        }
        return out;
    }

    /** What one delta entry said, until it is complete. */
    private static final class Entry {
        String id;
        boolean removed;
        String internetMessageId;
        String conversationId;
        String subject;
        String bodyPreview;
        String received;
        String sent;
        boolean read;
        boolean attachments;
        String flagStatus;
        List<String> categories = List.of();
        EmailAddress from;
        List<EmailAddress> to = List.of();
        List<EmailAddress> cc = List.of();
        List<EmailAddress> bcc = List.of();
        List<EmailAddress> replyTo = List.of();
        Map<String, List<String>> headers;

        EmailMessage toMessage(AccountId accountId, FolderId folderId) {
            EmailMessage.Builder b = EmailMessage.builder(accountId, id).folderId(folderId)
                    .internetMessageId(stripBrackets(internetMessageId)).threadId(conversationId)
                    .subject(subject).snippet(bodyPreview).to(to).cc(cc).bcc(bcc).replyTo(replyTo).flags(flags());
            if (from != null) {
                b.from(from);
            }
            Instant receivedAt = date(received);
            b.receivedAt(receivedAt != null ? receivedAt : Instant.EPOCH);
            Instant sentAt = date(sent);
            if (sentAt != null) {
                b.sentAt(sentAt);
            }
            if (headers != null) {
                b.headers(headers);
                List<String> inReplyTo = headers.getOrDefault("in-reply-to", List.of());
                if (!inReplyTo.isEmpty() && stripBrackets(inReplyTo.get(0)) != null) {
                    b.inReplyTo(stripBrackets(inReplyTo.get(0)));
                }
                List<String> references = headers.getOrDefault("references", List.of());
                if (!references.isEmpty()) {
                    b.references(Arrays.stream(references.get(0).trim().split("\\s+"))
                            .map(DeltaPageReader::stripBrackets).filter(s -> s != null).toList());
                }
            }
            return b.build();
        }

        private Set<String> flags() {
            Set<String> flags = new LinkedHashSet<>();
            if (read) {
                flags.add("isRead");
            }
            if ("flagged".equalsIgnoreCase(flagStatus)) {
                flags.add("flagged");
            } else if ("complete".equalsIgnoreCase(flagStatus)) {
                flags.add("flagComplete");
            }
            if (attachments) {
                flags.add("hasAttachments");
            }
            categories.forEach(c -> flags.add("category:" + c));
            return flags;
        }
    }

    /**
     * A Graph date: {@code 2026-01-31T09:30:00Z}, as Graph writes them, read without a {@code DateTimeFormatter}
     * (which cost a tenth of a page's time); any other ISO-8601 form through {@code Instant}/{@code OffsetDateTime}.
     */
    static Instant date(String v) {
        if (v == null) {
            return null;
        }
        Instant fast = utcSeconds(v);
        if (fast != null) {
            return fast;
        }
        try {
            return v.endsWith("Z") ? Instant.parse(v) : OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ssZ} with every field in range, else null (the slow path decides). */
    private static Instant utcSeconds(String v) {
        if (v.length() != 20 || v.charAt(4) != '-' || v.charAt(7) != '-' || v.charAt(10) != 'T'
                || v.charAt(13) != ':' || v.charAt(16) != ':' || v.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 2);
        int day = digits(v, 8, 2);
        int hour = digits(v, 11, 2);
        int minute = digits(v, 14, 2);
        int second = digits(v, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
    }

    /** The non-negative number in {@code v[from, from + count)}, or -1 when a character is not a digit. */
    private static int digits(String v, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
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
