package io.mailsync.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailsync.core.AccountId;
import io.mailsync.core.AttachmentSummary;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns {@link EmailMessage}s into {@link MessageRow}s and {@code email_index} rows back into messages, applying the
 * bad-input policy: text cleaned by {@link Text#clean}, instants truncated to microseconds, a {@code sentAt} outside
 * years 1-9999 dropped (reported in {@link Encoded#notes()}), a {@code receivedAt} outside them or a provider id over
 * {@link #MAX_KEY_BYTES} UTF-8 bytes rejected ({@link Rejected}). Thread-safe.
 */
public final class MessageCodec {

    /** The longest provider message id accepted, in UTF-8 bytes (a btree key must fit in a third of a page). */
    public static final int MAX_KEY_BYTES = 2_000;
    /** The earliest instant stored: 0001-01-01T00:00:00Z. */
    public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    /** The first instant not stored: 10000-01-01T00:00:00Z. */
    public static final Instant MAX_INSTANT_EXCLUSIVE = Instant.parse("+10000-01-01T00:00:00Z");

    static final ObjectMapper JSON = new ObjectMapper();

    /** A message that cannot be stored, and why. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /** An encoded row and what the policy changed in it (empty when nothing). */
    public record Encoded(MessageRow row, List<String> notes) {
    }

    private MessageCodec() {
    }

    /** Encodes {@code m} for the upsert; throws {@link Rejected} when the policy refuses it. */
    public static Encoded encode(EmailMessage m) throws Rejected {
        List<String> notes = new ArrayList<>(1);
        String id = Text.clean(m.providerMessageId());
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new Rejected("provider message id is longer than " + MAX_KEY_BYTES + " UTF-8 bytes");
        }
        if (!inRange(m.receivedAt())) {
            throw new Rejected("receivedAt " + m.receivedAt() + " is outside years 1-9999");
        }
        Long sent = null;
        if (m.sentAt().isPresent()) {
            if (inRange(m.sentAt().get())) {
                sent = micros(m.sentAt().get());
            } else {
                notes.add("sentAt " + m.sentAt().get() + " is outside years 1-9999: stored as absent");
            }
        }
        List<String> flags = sortedFlags(m.flags());
        Json json = new Json();
        MessageRow row = new MessageRow(id, Text.clean(m.folderId().value()),
                Text.clean(m.internetMessageId().orElse(null)), Text.clean(m.threadId().orElse(null)),
                Text.clean(m.inReplyTo().orElse(null)), strings(json, m.references()),
                m.from().map(a -> address(json.reset(), a).text()).orElse(null), addresses(json, m.to()),
                addresses(json, m.cc()), addresses(json, m.bcc()), addresses(json, m.replyTo()),
                Text.clean(m.subject()), Text.clean(m.snippet()), sent, micros(m.receivedAt()), PgArray.of(flags),
                m.size(), attachments(json, m.attachments()), m.hasAttachments(), Text.clean(m.textBody().orElse(null)),
                Text.clean(m.htmlBody().orElse(null)), headers(json, m.headers()), null);
        return new Encoded(withHash(row), List.copyOf(notes));
    }

    /** The flags of a flag update as stored: cleaned, sorted, as a JSON array. */
    public static String flagsJson(Set<String> flags) {
        Json json = new Json().raw('[');
        sortedFlags(flags).forEach(f -> json.comma().string(f));
        return json.raw(']').text();
    }

    /** The message of the current row of {@code rs} (selected with {@link #COLUMNS}). */
    public static EmailMessage decode(AccountId account, ResultSet rs) throws SQLException {
        EmailMessage.Builder b = EmailMessage.builder(account, rs.getString("provider_message_id"))
                .folderId(FolderId.of(rs.getString("folder_id")))
                .internetMessageId(rs.getString("message_id"))
                .threadId(rs.getString("thread_id"))
                .inReplyTo(rs.getString("in_reply_to"))
                .references(strings(read(rs.getString("message_references"))))
                .to(addresses(read(rs.getString("to_addresses"))))
                .cc(addresses(read(rs.getString("cc_addresses"))))
                .bcc(addresses(read(rs.getString("bcc_addresses"))))
                .replyTo(addresses(read(rs.getString("reply_to_addresses"))))
                .subject(rs.getString("subject"))
                .snippet(rs.getString("snippet"))
                .receivedAt(instant(rs, "received_at"))
                .size(rs.getLong("size"))
                .attachments(attachments(read(rs.getString("attachments"))))
                .textBody(rs.getString("text_body"))
                .htmlBody(rs.getString("html_body"))
                .headers(headers(read(rs.getString("headers"))));
        String from = rs.getString("from_address");
        if (from != null) {
            b.from(address(read(from)));
        }
        Instant sent = instant(rs, "sent_at");
        if (sent != null) {
            b.sentAt(sent);
        }
        Array flags = rs.getArray("flags");
        b.flags(Set.of((String[]) flags.getArray()));
        return b.build();
    }

    /** The columns {@link #decode} reads. */
    public static final String COLUMNS = "provider_message_id, folder_id, message_id, thread_id, in_reply_to, "
            + "message_references, from_address, to_addresses, cc_addresses, bcc_addresses, reply_to_addresses, "
            + "subject, snippet, sent_at, received_at, flags, size, attachments, text_body, html_body, headers";

    static boolean inRange(Instant i) {
        return !i.isBefore(MIN_INSTANT) && i.isBefore(MAX_INSTANT_EXCLUSIVE);
    }

    static long micros(Instant i) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, i.truncatedTo(ChronoUnit.MICROS));
    }

    /** A timestamptz column as an instant (proleptic Gregorian, like PostgreSQL), or null. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static List<String> sortedFlags(Set<String> flags) {
        TreeSet<String> sorted = new TreeSet<>();
        flags.forEach(f -> sorted.add(Text.clean(f)));
        return List.copyOf(sorted);
    }

    /** {@code ["a","b"]} of the cleaned values. */
    private static String strings(Json json, List<String> values) {
        json.reset().raw('[');
        values.forEach(v -> json.comma().string(Text.clean(v)));
        return json.raw(']').text();
    }

    /** {@code {"n":name,"a":address}}, cleaned. */
    private static Json address(Json json, EmailAddress a) {
        return json.raw('{').name("n").string(Text.clean(a.name())).raw(',').name("a").string(Text.clean(a.address()))
                .raw('}');
    }

    private static String addresses(Json json, List<EmailAddress> list) {
        json.reset().raw('[');
        list.forEach(a -> address(json.comma(), a));
        return json.raw(']').text();
    }

    /** {@code [{"f":filename,"t":type,"s":size,"i":inline}, ...]}. */
    private static String attachments(Json json, List<AttachmentSummary> list) {
        json.reset().raw('[');
        for (AttachmentSummary a : list) {
            json.comma().raw('{').name("f").string(Text.clean(a.filename())).raw(',').name("t")
                    .string(Text.clean(a.contentType())).raw(',').name("s").number(a.size()).raw(',').name("i")
                    .bool(a.inline()).raw('}');
        }
        return json.raw(']').text();
    }

    /** Headers as {@code [[name, [values]], ...]}: a JSON array keeps message order, which a JSONB object would not. */
    private static String headers(Json json, Map<String, List<String>> headers) {
        json.reset().raw('[');
        headers.forEach((name, values) -> {
            json.comma().raw('[').string(Text.clean(name)).raw(',').raw('[');
            values.forEach(v -> json.comma().string(Text.clean(v)));
            json.raw(']').raw(']');
        });
        return json.raw(']').text();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static EmailAddress address(JsonNode n) {
        return new EmailAddress(n.get("n").asText(), n.get("a").asText());
    }

    private static List<EmailAddress> addresses(JsonNode array) {
        List<EmailAddress> out = new ArrayList<>(array.size());
        array.forEach(n -> out.add(address(n)));
        return out;
    }

    private static List<AttachmentSummary> attachments(JsonNode array) {
        List<AttachmentSummary> out = new ArrayList<>(array.size());
        array.forEach(n -> out.add(new AttachmentSummary(n.get("f").asText(), n.get("t").asText(),
                n.get("s").asLong(), n.get("i").asBoolean())));
        return out;
    }

    private static Map<String, List<String>> headers(JsonNode array) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        array.forEach(pair -> out.put(pair.get(0).asText(), strings(pair.get(1))));
        return out;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static MessageRow withHash(MessageRow r) {
        MessageDigest d = sha256();
        Object[] parts = {r.folderId(), r.messageId(), r.threadId(), r.inReplyTo(), r.referencesJson(), r.fromJson(),
            r.toJson(), r.ccJson(), r.bccJson(), r.replyToJson(), r.subject(), r.snippet(), r.sentAtMicros(),
            r.receivedAtMicros(), r.size(), r.attachmentsJson(), r.textBody(), r.htmlBody(), r.headersJson()};
        ByteBuffer length = ByteBuffer.allocate(4);
        for (Object p : parts) {
            if (p == null) {
                d.update((byte) 0);
            } else {
                byte[] bytes = p.toString().getBytes(StandardCharsets.UTF_8);
                d.update((byte) 1);
                d.update(length.putInt(0, bytes.length).array());
                d.update(bytes);
            }
        }
        String hash = HexFormat.of().formatHex(d.digest());
        return new MessageRow(r.providerMessageId(), r.folderId(), r.messageId(), r.threadId(), r.inReplyTo(),
                r.referencesJson(), r.fromJson(), r.toJson(), r.ccJson(), r.bccJson(), r.replyToJson(), r.subject(),
                r.snippet(), r.sentAtMicros(), r.receivedAtMicros(), r.flagsLiteral(), r.size(), r.attachmentsJson(),
                r.hasAttachments(), r.textBody(), r.htmlBody(), r.headersJson(), hash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
