package io.mailsync.gmail.internal;

import com.google.api.services.gmail.model.Message;
import com.google.api.services.gmail.model.MessagePart;
import com.google.api.services.gmail.model.MessagePartHeader;
import io.mailsync.core.AccountId;
import io.mailsync.core.AttachmentSummary;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a Gmail {@link Message} (any format) to an {@link EmailMessage}: labels become the flags (Gmail's own label
 * ids: {@code UNREAD}, {@code STARRED}, {@code INBOX}, {@code Label_12}), {@code internalDate} the received time,
 * {@code threadId} the thread. Never throws for a badly formed message: what can be read is kept. Stateless.
 */
public final class MessageMapper {

    /** The headers asked for with {@code format=metadata}. */
    public static final List<String> METADATA_HEADERS = List.of("From", "To", "Cc", "Bcc", "Reply-To", "Subject",
            "Date", "Message-ID", "In-Reply-To", "References");

    private MessageMapper() {
    }

    /** The message as mailsync stores it. */
    public static EmailMessage map(AccountId accountId, Message m) {
        EmailMessage.Builder b = EmailMessage.builder(accountId, m.getId()).folderId(FolderId.MAILBOX)
                .threadId(m.getThreadId())
                .flags(m.getLabelIds() == null ? Set.of() : Set.copyOf(m.getLabelIds()))
                .snippet(unescape(m.getSnippet()))
                .size(m.getSizeEstimate() == null ? -1 : m.getSizeEstimate())
                .receivedAt(m.getInternalDate() == null ? Instant.EPOCH : Instant.ofEpochMilli(m.getInternalDate()));
        List<String[]> headers = new ArrayList<>();
        if (m.getPayload() != null) {
            if (m.getPayload().getHeaders() != null) {
                for (MessagePartHeader h : m.getPayload().getHeaders()) {
                    headers.add(new String[] {h.getName(), h.getValue() == null ? "" : h.getValue()});
                }
            }
            Bodies bodies = new Bodies();
            walk(m.getPayload(), bodies, true);
            b.textBody(bodies.text).htmlBody(bodies.html).attachments(bodies.attachments);
        } else if (m.getRaw() != null) {
            RawMessage raw = RawMessage.parse(decode(m.getRaw()));
            headers.addAll(raw.headers());
            b.textBody(raw.textBody()).htmlBody(raw.htmlBody()).attachments(raw.attachments());
        }
        applyHeaders(b, headers);
        return b.build();
    }

    private static void applyHeaders(EmailMessage.Builder b, List<String[]> headers) {
        Map<String, List<String>> selected = new LinkedHashMap<>();
        for (String[] h : headers) {
            String name = h[0].toLowerCase(Locale.ROOT);
            String value = Rfc2047.decode(h[1]);
            selected.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            switch (name) {
                case "from" -> Addresses.parse(value).stream().findFirst().ifPresent(b::from);
                case "to" -> b.to(Addresses.parse(value));
                case "cc" -> b.cc(Addresses.parse(value));
                case "bcc" -> b.bcc(Addresses.parse(value));
                case "reply-to" -> b.replyTo(Addresses.parse(value));
                case "subject" -> b.subject(value);
                case "date" -> b.sentAt(parseDate(value));
                case "message-id" -> b.internetMessageId(stripAngles(value));
                case "in-reply-to" -> b.inReplyTo(stripAngles(value));
                case "references" -> b.references(ids(value));
                default -> { }
            }
        }
        selected.keySet().retainAll(METADATA_HEADERS.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
        b.headers(selected);
    }

    private static final class Bodies {
        String text;
        String html;
        final List<AttachmentSummary> attachments = new ArrayList<>();
    }

    private static void walk(MessagePart part, Bodies out, boolean top) {
        String type = part.getMimeType() == null ? "" : part.getMimeType().toLowerCase(Locale.ROOT);
        String filename = part.getFilename() == null ? "" : part.getFilename();
        if (part.getParts() != null && !part.getParts().isEmpty()) {
            part.getParts().forEach(p -> walk(p, out, false));
            return;
        }
        long size = part.getBody() == null || part.getBody().getSize() == null ? -1 : part.getBody().getSize();
        if (!filename.isEmpty()) {
            out.attachments.add(new AttachmentSummary(filename, type, size, false));
            return;
        }
        String data = part.getBody() == null ? null : part.getBody().getData();
        if (data == null) {
            return;
        }
        String text = new String(decode(data), StandardCharsets.UTF_8);
        if (type.equals("text/plain") && out.text == null) {
            out.text = text;
        } else if (type.equals("text/html") && out.html == null) {
            out.html = text;
        }
    }

    static byte[] decode(String base64url) {
        try {
            return Base64.getUrlDecoder().decode(base64url.replace('+', '-').replace('/', '_').replace("=", "")
                    .replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    static Instant parseDate(String value) {
        String v = value.replaceAll("\\s*\\([^)]*\\)\\s*$", "").strip().replaceAll("\\s+", " ");
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String stripAngles(String v) {
        String s = v.strip();
        int lt = s.indexOf('<');
        int gt = s.indexOf('>', lt + 1);
        return lt >= 0 && gt > lt ? s.substring(lt + 1, gt) : (s.isEmpty() ? null : s);
    }

    private static List<String> ids(String v) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<([^>]+)>").matcher(v);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Gmail HTML-escapes snippets. */
    static String unescape(String snippet) {
        if (snippet == null) {
            return "";
        }
        return snippet.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
