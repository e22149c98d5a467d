package io.mailsync.testkit.gmail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A message to put into a {@link GmailFakeMailbox}: either built from parts ({@link #builder()}) or given as raw
 * RFC 5322 bytes ({@link #raw(byte[], Set)}), which may be broken MIME. Immutable.
 *
 * @param headers  the top-level headers in message order (name, value)
 * @param mimeType the top-level MIME type
 * @param parts    the body parts; one for a single-part message
 * @param raw      the message as it travels (what {@code format=raw} returns)
 * @param labelIds the labels the message arrives with
 * @param threadId the thread to join, or {@code null} for a new thread
 * @param receivedAt the {@code internalDate}, or {@code null} for the fake's clock at insertion
 */
public record FakeGmailMessage(List<Header> headers, String mimeType, List<Part> parts, byte[] raw,
                               Set<String> labelIds, String threadId, Instant receivedAt) {

    /** One header line. */
    public record Header(String name, String value) {
    }

    /** One leaf body part. */
    public record Part(String mimeType, String filename, byte[] data) {
    }

    public FakeGmailMessage {
        headers = List.copyOf(headers);
        Objects.requireNonNull(mimeType, "mimeType");
        parts = List.copyOf(parts);
        Objects.requireNonNull(raw, "raw");
        labelIds = Set.copyOf(labelIds);
    }

    /** A new builder (labels INBOX and UNREAD by default). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A message given byte for byte. The fake reads its header block for {@code metadata}/{@code full} and serves the
     * rest as one body part of the declared type; it does not parse nested MIME of raw messages.
     */
    public static FakeGmailMessage raw(byte[] rfc822, Set<String> labelIds) {
        String text = new String(rfc822, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        int sepLen = 4;
        if (split < 0) {
            split = text.indexOf("\n\n");
            sepLen = 2;
        }
        String head = split < 0 ? text : text.substring(0, split);
        byte[] body = split < 0 ? new byte[0] : text.substring(split + sepLen).getBytes(StandardCharsets.ISO_8859_1);
        List<Header> headers = new ArrayList<>();
        for (String line : head.split("\r?\n")) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
                Header last = headers.remove(headers.size() - 1);
                headers.add(new Header(last.name(), last.value() + " " + line.strip()));
            } else if (line.indexOf(':') > 0) {
                int c = line.indexOf(':');
                headers.add(new Header(line.substring(0, c).strip(), line.substring(c + 1).strip()));
            }
        }
        String type = headers.stream().filter(h -> h.name().equalsIgnoreCase("Content-Type")).map(Header::value)
                .findFirst().orElse("text/plain").split(";")[0].strip().toLowerCase(Locale.ROOT);
        return new FakeGmailMessage(headers, type, List.of(new Part(type, "", body)), rfc822.clone(), labelIds, null,
                null);
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst()
                .orElse(null);
    }

    /** A copy in another thread. */
    public FakeGmailMessage inThread(String thread) {
        return new FakeGmailMessage(headers, mimeType, parts, raw, labelIds, thread, receivedAt);
    }

    /** Builds a well-formed message: text and/or HTML body, optional attachment. Not thread-safe. */
    public static final class Builder {
        private String from = "Sender <sender@example.com>";
        private String to = "me@example.com";
        private String cc;
        private String subject = "";
        private String messageId;
        private String inReplyTo;
        private String text = "";
        private String html;
        private Part attachment;
        private final Set<String> labels = new LinkedHashSet<>(List.of("INBOX", "UNREAD"));
        private String threadId;
        private Instant receivedAt;

        public Builder from(String from) { this.from = from; return this; }
        public Builder to(String to) { this.to = to; return this; }
        public Builder cc(String cc) { this.cc = cc; return this; }
        public Builder subject(String subject) { this.subject = subject; return this; }
        public Builder messageId(String messageId) { this.messageId = messageId; return this; }
        public Builder inReplyTo(String inReplyTo) { this.inReplyTo = inReplyTo; return this; }
        public Builder text(String text) { this.text = text; return this; }
        public Builder html(String html) { this.html = html; return this; }
        public Builder attachment(String filename, String mimeType, byte[] data) {
            this.attachment = new Part(mimeType, filename, data.clone());
            return this;
        }
        /** Replaces the labels (default INBOX, UNREAD). */
        public Builder labels(String... labelIds) { labels.clear(); labels.addAll(List.of(labelIds)); return this; }
        public Builder threadId(String threadId) { this.threadId = threadId; return this; }
        public Builder receivedAt(Instant receivedAt) { this.receivedAt = receivedAt; return this; }

        /** The message; its raw form is generated from the parts. */
        public FakeGmailMessage build() {
            List<Header> headers = new ArrayList<>();
            headers.add(new Header("From", from));
            headers.add(new Header("To", to));
            if (cc != null) {
                headers.add(new Header("Cc", cc));
            }
            headers.add(new Header("Subject", subject));
            Instant date = receivedAt != null ? receivedAt : Instant.now();
            headers.add(new Header("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atZone(ZoneOffset.UTC))));
            headers.add(new Header("Message-ID", "<" + (messageId != null ? messageId
                    : java.util.UUID.randomUUID() + "@fake.example.com") + ">"));
            if (inReplyTo != null) {
                headers.add(new Header("In-Reply-To", "<" + inReplyTo + ">"));
                headers.add(new Header("References", "<" + inReplyTo + ">"));
            }
            headers.add(new Header("MIME-Version", "1.0"));
            List<Part> parts = new ArrayList<>();
            parts.add(new Part("text/plain", "", text.getBytes(StandardCharsets.UTF_8)));
            if (html != null) {
                parts.add(new Part("text/html", "", html.getBytes(StandardCharsets.UTF_8)));
            }
            if (attachment != null) {
                parts.add(attachment);
            }
            String type = parts.size() == 1 ? "text/plain"
                    : attachment != null ? "multipart/mixed" : "multipart/alternative";
            String boundary = "fake-boundary-" + Integer.toHexString(Objects.hash(subject, text, html));
            headers.add(new Header("Content-Type", parts.size() == 1 ? "text/plain; charset=UTF-8"
                    : type + "; boundary=\"" + boundary + "\""));
            return new FakeGmailMessage(headers, type, parts, render(headers, parts, boundary), labels, threadId,
                    receivedAt);
        }

        private static byte[] render(List<Header> headers, List<Part> parts, String boundary) {
            StringBuilder sb = new StringBuilder();
            headers.forEach(h -> sb.append(h.name()).append(": ").append(h.value()).append("\r\n"));
            sb.append("\r\n");
            if (parts.size() == 1) {
                sb.append(new String(parts.get(0).data(), StandardCharsets.UTF_8));
            } else {
                for (Part p : parts) {
                    sb.append("--").append(boundary).append("\r\nContent-Type: ").append(p.mimeType());
                    if (p.mimeType().startsWith("text/")) {
                        sb.append("; charset=UTF-8\r\n\r\n").append(new String(p.data(), StandardCharsets.UTF_8));
                    } else {
                        sb.append("\r\nContent-Disposition: attachment; filename=\"").append(p.filename())
                                .append("\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                                .append(java.util.Base64.getMimeEncoder().encodeToString(p.data()));
                    }
                    sb.append("\r\n");
                }
                sb.append("--").append(boundary).append("--\r\n");
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
