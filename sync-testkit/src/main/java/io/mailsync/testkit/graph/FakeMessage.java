package io.mailsync.testkit.graph;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A message of a {@link FakeMailbox}, with the properties of Graph's {@code message} resource that mail sync reads.
 * Immutable; derive changed copies with {@link #toBuilder()}.
 *
 * @param id                the Graph id (opaque, unique in the mailbox)
 * @param internetMessageId the RFC 5322 Message-ID with angle brackets, as Graph returns it
 * @param conversationId    Graph's conversation id
 * @param subject           the subject
 * @param bodyPreview       the first characters of the body
 * @param body              the HTML body
 * @param from              the sender, or {@code null}
 * @param to                {@code toRecipients}
 * @param cc                {@code ccRecipients}
 * @param bcc               {@code bccRecipients}
 * @param replyTo           {@code replyTo}
 * @param sentDateTime      {@code sentDateTime}
 * @param receivedDateTime  {@code receivedDateTime}
 * @param isRead            {@code isRead}
 * @param flagStatus        {@code flag.flagStatus}: notFlagged, flagged or complete
 * @param categories        {@code categories}
 * @param hasAttachments    {@code hasAttachments}
 * @param headers           {@code internetMessageHeaders} (returned only when selected, as Graph does)
 */
public record FakeMessage(String id, String internetMessageId, String conversationId, String subject,
                          String bodyPreview, String body, Address from, List<Address> to, List<Address> cc,
                          List<Address> bcc, List<Address> replyTo, Instant sentDateTime, Instant receivedDateTime,
                          boolean isRead, String flagStatus, List<String> categories, boolean hasAttachments,
                          List<Header> headers) {

    /** Property names in lower case, as {@code $select} is matched (the names are a handful of constants). */
    private static final Map<String, String> LOWER_CASE = new ConcurrentHashMap<>();

    private static final Set<String> FLAG_STATUSES = Set.of("notFlagged", "flagged", "complete");

    /** A Graph {@code emailAddress}. */
    public record Address(String name, String address) {
        public Address {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
        }
    }

    /** One {@code internetMessageHeaders} entry. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public FakeMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(internetMessageId, "internetMessageId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(bodyPreview, "bodyPreview");
        Objects.requireNonNull(body, "body");
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        replyTo = List.copyOf(replyTo);
        Objects.requireNonNull(sentDateTime, "sentDateTime");
        Objects.requireNonNull(receivedDateTime, "receivedDateTime");
        if (!FLAG_STATUSES.contains(flagStatus)) {
            throw new IllegalArgumentException("flagStatus must be one of " + FLAG_STATUSES + ", was " + flagStatus);
        }
        categories = List.copyOf(categories);
        headers = List.copyOf(headers);
    }

    /** A builder with plausible defaults: a random id and Message-ID, received now, unread. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this message's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Writes Graph's JSON of the message as it lies in {@code folderId}: the annotations, {@code id} and the
     * {@code $select}ed properties ({@code select} in lower case; empty: every property but the headers). Written
     * straight to the generator: delta pages are the fake's hot path.
     */
    void write(JsonGenerator g, String folderId, Set<String> select) throws IOException {
        Predicate<String> wanted = select.isEmpty() ? k -> !k.equals("internetMessageHeaders")
                : k -> select.contains(LOWER_CASE.computeIfAbsent(k, n -> n.toLowerCase(Locale.ROOT)));
        String etag = Integer.toHexString(hashCode());
        g.writeStartObject();
        g.writeStringField("@odata.etag", "W/\"" + etag + "\"");
        g.writeStringField("id", id);
        String received = receivedDateTime.toString();
        field(g, wanted, "createdDateTime", received);
        field(g, wanted, "lastModifiedDateTime", received);
        field(g, wanted, "changeKey", etag);
        if (wanted.test("categories")) {
            g.writeArrayFieldStart("categories");
            for (String c : categories) {
                g.writeString(c);
            }
            g.writeEndArray();
        }
        field(g, wanted, "receivedDateTime", received);
        field(g, wanted, "sentDateTime", sentDateTime.toString());
        if (wanted.test("hasAttachments")) {
            g.writeBooleanField("hasAttachments", hasAttachments);
        }
        field(g, wanted, "internetMessageId", internetMessageId);
        field(g, wanted, "subject", subject);
        field(g, wanted, "bodyPreview", bodyPreview);
        field(g, wanted, "importance", "normal");
        field(g, wanted, "parentFolderId", folderId);
        field(g, wanted, "conversationId", conversationId);
        if (wanted.test("isRead")) {
            g.writeBooleanField("isRead", isRead);
        }
        if (wanted.test("isDraft")) {
            g.writeBooleanField("isDraft", false);
        }
        if (wanted.test("body")) {
            g.writeObjectFieldStart("body");
            g.writeStringField("contentType", "html");
            g.writeStringField("content", body);
            g.writeEndObject();
        }
        if (from != null) {
            recipient(g, wanted, "sender", from);
            recipient(g, wanted, "from", from);
        }
        recipients(g, wanted, "toRecipients", to);
        recipients(g, wanted, "ccRecipients", cc);
        recipients(g, wanted, "bccRecipients", bcc);
        recipients(g, wanted, "replyTo", replyTo);
        if (wanted.test("flag")) {
            g.writeObjectFieldStart("flag");
            g.writeStringField("flagStatus", flagStatus);
            g.writeEndObject();
        }
        if (wanted.test("internetMessageHeaders")) {
            g.writeArrayFieldStart("internetMessageHeaders");
            for (Header h : headers) {
                g.writeStartObject();
                g.writeStringField("name", h.name());
                g.writeStringField("value", h.value());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void field(JsonGenerator g, Predicate<String> wanted, String name, String value)
            throws IOException {
        if (wanted.test(name)) {
            g.writeStringField(name, value);
        }
    }

    private static void recipient(JsonGenerator g, Predicate<String> wanted, String name, Address a)
            throws IOException {
        if (wanted.test(name)) {
            g.writeFieldName(name);
            address(g, a);
        }
    }

    private static void recipients(JsonGenerator g, Predicate<String> wanted, String name, List<Address> list)
            throws IOException {
        if (wanted.test(name)) {
            g.writeArrayFieldStart(name);
            for (Address a : list) {
                address(g, a);
            }
            g.writeEndArray();
        }
    }

    private static void address(JsonGenerator g, Address a) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("emailAddress");
        g.writeStringField("name", a.name());
        g.writeStringField("address", a.address());
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Builds a {@link FakeMessage}. Not thread-safe. */
    public static final class Builder {
        private String id = "AAMkAD" + UUID.randomUUID().toString().replace("-", "");
        private String internetMessageId = "<" + UUID.randomUUID() + "@fake.example>";
        private String conversationId = "AAQkAD" + UUID.randomUUID().toString().replace("-", "");
        private String subject = "";
        private String bodyPreview = "";
        private String body = "";
        private Address from;
        private List<Address> to = List.of();
        private List<Address> cc = List.of();
        private List<Address> bcc = List.of();
        private List<Address> replyTo = List.of();
        private Instant sentDateTime;
        private Instant receivedDateTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        private boolean isRead;
        private String flagStatus = "notFlagged";
        private List<String> categories = List.of();
        private boolean hasAttachments;
        private List<Header> headers = List.of();

        private Builder() {
        }

        private Builder(FakeMessage m) {
            id = m.id;
            internetMessageId = m.internetMessageId;
            conversationId = m.conversationId;
            subject = m.subject;
            bodyPreview = m.bodyPreview;
            body = m.body;
            from = m.from;
            to = m.to;
            cc = m.cc;
            bcc = m.bcc;
            replyTo = m.replyTo;
            sentDateTime = m.sentDateTime;
            receivedDateTime = m.receivedDateTime;
            isRead = m.isRead;
            flagStatus = m.flagStatus;
            categories = m.categories;
            hasAttachments = m.hasAttachments;
            headers = m.headers;
        }

        public Builder id(String id) { this.id = id; return this; }
        public Builder internetMessageId(String v) { this.internetMessageId = v; return this; }
        public Builder conversationId(String v) { this.conversationId = v; return this; }
        public Builder subject(String v) { this.subject = v; return this; }
        public Builder bodyPreview(String v) { this.bodyPreview = v; return this; }
        public Builder body(String v) { this.body = v; return this; }
        public Builder from(String name, String address) { this.from = new Address(name, address); return this; }
        public Builder to(List<Address> v) { this.to = v; return this; }
        public Builder to(String address) { this.to = List.of(new Address("", address)); return this; }
        public Builder cc(List<Address> v) { this.cc = v; return this; }
        public Builder bcc(List<Address> v) { this.bcc = v; return this; }
        public Builder replyTo(List<Address> v) { this.replyTo = v; return this; }
        public Builder sentDateTime(Instant v) { this.sentDateTime = v; return this; }
        public Builder receivedDateTime(Instant v) { this.receivedDateTime = v; return this; }
        public Builder isRead(boolean v) { this.isRead = v; return this; }
        public Builder flagStatus(String v) { this.flagStatus = v; return this; }
        public Builder categories(List<String> v) { this.categories = v; return this; }
        public Builder hasAttachments(boolean v) { this.hasAttachments = v; return this; }
        public Builder headers(List<Header> v) { this.headers = v; return this; }

        /** The message; {@code sentDateTime} defaults to {@code receivedDateTime}. */
        public FakeMessage build() {
            return new FakeMessage(id, internetMessageId, conversationId, subject, bodyPreview, body, from, to, cc,
                    bcc, replyTo, sentDateTime != null ? sentDateTime : receivedDateTime, receivedDateTime, isRead,
                    flagStatus, categories, hasAttachments, headers);
        }
    }
}
