package io.mailsync.imap.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.AttachmentSummary;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a bulk fetch returned for one message into an {@link EmailMessage}: the envelope (RFC 2047 words
 * decoded), the threading headers, the attachment summary from the body structure and, when the message was small
 * enough to fetch whole, its text and HTML bodies. Each field that cannot be read is left empty; the message is still
 * stored. Stateless.
 */
final class MessageMapper {

    private static final Logger LOG = LoggerFactory.getLogger(MessageMapper.class);
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");
    private static final int SNIPPET_LENGTH = 200;

    private MessageMapper() {
    }

    /** The message; {@code body} is null when the body was not fetched. */
    static EmailMessage map(AccountId accountId, FolderId folderId, String providerMessageId, ImapFetcher.Fetched f,
                            FetchedBody body) {
        EmailMessage.Builder b = EmailMessage.builder(accountId, providerMessageId).folderId(folderId)
                .flags(f.flags()).size(Math.max(-1, f.size()))
                .receivedAt(f.internalDate() == null ? Instant.EPOCH : f.internalDate().toInstant());
        ENVELOPE env = f.envelope();
        if (env != null) {
            b.subject(decode(env.subject));
            firstId(env.messageId).ifPresent(b::internetMessageId);
            firstId(env.inReplyTo).ifPresent(b::inReplyTo);
            if (env.date != null) {
                b.sentAt(env.date.toInstant());
            }
            List<EmailAddress> from = addresses(env.from);
            if (!from.isEmpty()) {
                b.from(from.get(0));
            }
            b.to(addresses(env.to)).cc(addresses(env.cc)).bcc(addresses(env.bcc)).replyTo(addresses(env.replyTo));
        }
        Map<String, List<String>> headers = headers(f.headers());
        b.headers(headers);
        if (env == null || firstId(env.messageId).isEmpty()) {
            headers.getOrDefault("message-id", List.of()).stream().findFirst().flatMap(MessageMapper::firstId)
                    .ifPresent(b::internetMessageId);
        }
        if (env == null || firstId(env.inReplyTo).isEmpty()) {
            headers.getOrDefault("in-reply-to", List.of()).stream().findFirst().flatMap(MessageMapper::firstId)
                    .ifPresent(b::inReplyTo);
        }
        List<String> references = new ArrayList<>();
        headers.getOrDefault("references", List.of()).forEach(v -> references.addAll(ids(v)));
        b.references(references);
        if (f.structure() != null) {
            List<AttachmentSummary> attachments = new ArrayList<>();
            attachments(f.structure(), 0, attachments);
            b.attachments(attachments);
        }
        if (body != null) {
            try {
                MimeContent.Bodies bodies = body.bodies();
                bodies.text().ifPresent(b::textBody);
                bodies.html().ifPresent(b::htmlBody);
                b.snippet(MimeContent.snippet(bodies, SNIPPET_LENGTH));
            } catch (Exception unreadable) { // any parser failure on hostile input: keep the message without bodies
                LOG.debug("bodies of {} of account {} could not be parsed: {}", providerMessageId, accountId,
                        unreadable.toString());
            }
        }
        return b.build();
    }

    static String decode(String encoded) {
        if (encoded == null) {
            return "";
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(encoded));
        } catch (Exception malformed) { // unknown charset in an encoded word: keep the raw text
            return encoded;
        }
    }

    private static java.util.Optional<String> firstId(String header) {
        List<String> ids = ids(header);
        if (!ids.isEmpty()) {
            return java.util.Optional.of(ids.get(0));
        }
        if (header == null || header.isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(header.strip()); // a bare id without angle brackets
    }

    static List<String> ids(String header) {
        if (header == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(header);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static List<EmailAddress> addresses(InternetAddress[] list) {
        if (list == null) {
            return List.of();
        }
        List<EmailAddress> result = new ArrayList<>(list.length);
        for (Address a : list) {
            if (a instanceof InternetAddress ia && ia.getAddress() != null && !ia.getAddress().isBlank()) {
                String personal = ia.getPersonal();
                result.add(new EmailAddress(personal == null ? "" : personal.strip(), ia.getAddress().strip()));
            }
        }
        return result;
    }

    private static Map<String, List<String>> headers(byte[] raw) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (raw == null || raw.length == 0) {
            return headers;
        }
        try {
            InternetHeaders parsed = new InternetHeaders(new ByteArrayInputStream(raw), true);
            for (Enumeration<Header> e = parsed.getAllHeaders(); e.hasMoreElements(); ) {
                Header h = e.nextElement();
                headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(decode(h.getValue()));
            }
        } catch (Exception malformed) {
            LOG.debug("extra headers could not be parsed: {}", malformed.toString());
        }
        return headers;
    }

    /** Walks the body structure: leaves that are attachments or inline non-text parts; nested messages as one. */
    private static void attachments(BODYSTRUCTURE bs, int depth, List<AttachmentSummary> out) {
        if (depth > MimeContent.MAX_DEPTH) {
            return;
        }
        if (bs.isMulti()) {
            if (bs.bodies != null) {
                for (BODYSTRUCTURE child : bs.bodies) {
                    attachments(child, depth + 1, out);
                }
            }
            return;
        }
        String type = (nonNull(bs.type) + "/" + nonNull(bs.subtype)).toLowerCase(Locale.ROOT);
        String disposition = nonNull(bs.disposition).toLowerCase(Locale.ROOT);
        String filename = filename(bs);
        boolean isBodyText = (type.equals("text/plain") || type.equals("text/html")) && !disposition.equals("attachment")
                && filename.isEmpty();
        if (depth == 0 && !bs.isNested() && isBodyText) {
            return;
        }
        if (isBodyText || (disposition.isEmpty() && filename.isEmpty() && type.startsWith("text/"))) {
            return;
        }
        boolean inline = disposition.equals("inline") || (disposition.isEmpty() && bs.id != null && !bs.isNested());
        out.add(new AttachmentSummary(filename, type, bs.size < 0 ? -1 : bs.size, inline));
    }

    private static String filename(BODYSTRUCTURE bs) {
        String name = bs.dParams == null ? null : bs.dParams.get("filename");
        if (name == null && bs.cParams != null) {
            name = bs.cParams.get("name");
        }
        return name == null ? "" : decode(name).strip();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
