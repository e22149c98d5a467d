package io.mailsync.testkit.corpus;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.mailsync.core.AttachmentSummary;
import io.mailsync.core.EmailAddress;
import java.nio.charset.Charset;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a {@link Draft} into a raw message and its expected fields: picks charsets and transfer encodings (7bit
 * ASCII; ISO-8859-1 quoted-printable; UTF-8 quoted-printable or base64; RFC 2047 B or Q headers), builds the MIME
 * tree and writes it. Not thread-safe (shares the generator's random).
 */
final class MessageComposer {
    /** The headers {@link CorpusMessage#headers()} keeps, lower case. */
    static final Set<String> SELECTED_HEADERS = Set.of("message-id", "in-reply-to", "references", "list-id",
            "list-unsubscribe", "list-unsubscribe-post", "precedence", "auto-submitted");
    private static final int MAX_7BIT_LINE = 900;

    /**
     * How one message's text is encoded.
     *
     * @param bodyCharset   the charset of the text parts
     * @param textEncoding  the transfer encoding of text/plain
     * @param htmlEncoding  the transfer encoding of text/html
     * @param headerCharset the charset of encoded words (UTF-8 where it cannot encode the text)
     * @param headerBase64  whether encoded words use B rather than Q
     */
    private record Style(Charset bodyCharset, TransferEncoding textEncoding, TransferEncoding htmlEncoding,
                         Charset headerCharset, boolean headerBase64) {
    }

    private final Randoms random;
    private final String mxHost;

    MessageComposer(Randoms random, Person owner) {
        this.random = random;
        this.mxHost = "mx." + owner.domain();
    }

    /** The message at {@code index}: raw bytes and expected fields. */
    CorpusMessage compose(int index, Draft draft, Placement placement) {
        Style style = style(draft);
        List<Header> headers = headers(draft, placement, style);
        byte[] raw = MimeWriter.write(headers, body(draft, style));
        List<AttachmentSummary> attachments = Stream.concat(
                draft.attachments().stream().filter(Attachment::inline),
                draft.attachments().stream().filter(a -> !a.inline())).map(Attachment::summary).toList();
        return new CorpusMessage(index, draft.kind(), raw, draft.messageId(), draft.inReplyTo(), draft.references(),
                draft.threadKey(), draft.from().toAddress(), addresses(draft.to()), addresses(draft.cc()),
                draft.subject(), draft.sentAt(), placement.receivedAt(), draft.text(), draft.html(), attachments,
                placement.folder(), placement.flags(), selected(headers));
    }

    private Style style(Draft draft) {
        String content = draft.text().orElse("") + draft.html().orElse("");
        if (MimeEncoding.isAscii(content) && longestLine(content) <= MAX_7BIT_LINE) {
            Charset charset = random.chance(0.3) ? US_ASCII : UTF_8;
            return new Style(charset, TransferEncoding.SEVEN_BIT, TransferEncoding.QUOTED_PRINTABLE, UTF_8,
                    random.chance(0.5));
        }
        if (ISO_8859_1.newEncoder().canEncode(content) && random.chance(0.4)) {
            return new Style(ISO_8859_1, TransferEncoding.QUOTED_PRINTABLE, TransferEncoding.QUOTED_PRINTABLE,
                    ISO_8859_1, false);
        }
        TransferEncoding encoding = random.chance(0.6) ? TransferEncoding.QUOTED_PRINTABLE : TransferEncoding.BASE64;
        return new Style(UTF_8, encoding, encoding, UTF_8, random.chance(0.5));
    }

    private List<Header> headers(Draft draft, Placement placement, Style style) {
        List<Header> headers = new ArrayList<>();
        if (placement.inbound()) {
            headers.add(new Header("Return-Path", "<" + draft.from().address() + ">"));
            headers.add(new Header("Received", received(draft, placement)));
        }
        headers.add(new Header("Date",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(draft.sentAt().atZone(draft.from().zone()))));
        headers.add(new Header("From", mailboxes(List.of(draft.from()), style)));
        if (!draft.to().isEmpty()) {
            headers.add(new Header("To", mailboxes(draft.to(), style)));
        }
        if (!draft.cc().isEmpty()) {
            headers.add(new Header("Cc", mailboxes(draft.cc(), style)));
        }
        headers.add(new Header("Subject",
                MimeEncoding.unstructured(draft.subject(), style.headerCharset(), style.headerBase64())));
        headers.add(new Header("Message-ID", "<" + draft.messageId() + ">"));
        draft.inReplyTo().ifPresent(id -> headers.add(new Header("In-Reply-To", "<" + id + ">")));
        if (!draft.references().isEmpty()) {
            headers.add(new Header("References",
                    draft.references().stream().map(id -> "<" + id + ">").collect(Collectors.joining(" "))));
        }
        headers.addAll(draft.extraHeaders());
        headers.add(new Header("MIME-Version", "1.0"));
        return headers;
    }

    private String received(Draft draft, Placement placement) {
        String host = "mail." + draft.from().domain();
        return "from " + host + " (" + host + " [192.0.2." + random.between(1, 254) + "]) by " + mxHost
                + " with ESMTPS id " + random.hex(12) + "; "
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(placement.receivedAt().atOffset(ZoneOffset.UTC));
    }

    private static String mailboxes(List<Person> people, Style style) {
        return people.stream()
                .map(p -> MimeEncoding.mailbox(p.name(), p.address(), style.headerCharset(), style.headerBase64()))
                .collect(Collectors.joining(", "));
    }

    private MimePart body(Draft draft, Style style) {
        List<MimePart> alternatives = new ArrayList<>();
        draft.text().ifPresent(text ->
                alternatives.add(textLeaf("plain", text, style.bodyCharset(), style.textEncoding())));
        draft.html().ifPresent(html -> alternatives.add(related(
                textLeaf("html", html, style.bodyCharset(), style.htmlEncoding()),
                draft.attachments().stream().filter(Attachment::inline).toList())));
        draft.calendar().ifPresent(ics -> alternatives.add(calendarLeaf(ics)));
        MimePart content = alternatives.size() == 1 ? alternatives.get(0) : multipart("alternative", alternatives);
        List<Attachment> files = draft.attachments().stream().filter(a -> !a.inline()).toList();
        if (files.isEmpty()) {
            return content;
        }
        List<MimePart> mixed = new ArrayList<>(List.of(content));
        files.forEach(file -> mixed.add(attachmentLeaf(file)));
        return multipart("mixed", mixed);
    }

    private MimePart related(MimePart html, List<Attachment> inline) {
        if (inline.isEmpty()) {
            return html;
        }
        List<MimePart> parts = new ArrayList<>(List.of(html));
        inline.forEach(image -> parts.add(attachmentLeaf(image)));
        return multipart("related", parts);
    }

    private MimePart multipart(String subtype, List<MimePart> parts) {
        return new MimePart.Multipart(subtype, "=_mailsync_" + random.hex(24), List.copyOf(parts));
    }

    private static MimePart.Leaf textLeaf(String subtype, String text, Charset charset, TransferEncoding encoding) {
        return new MimePart.Leaf(List.of(
                new Header("Content-Type", "text/" + subtype + "; charset=\"" + charset.name() + "\""),
                new Header("Content-Transfer-Encoding", encoding.token())), encoding.encode(text, charset));
    }

    private static MimePart.Leaf calendarLeaf(String ics) {
        TransferEncoding encoding = MimeEncoding.isAscii(ics) ? TransferEncoding.SEVEN_BIT : TransferEncoding.BASE64;
        return new MimePart.Leaf(List.of(
                new Header("Content-Type", "text/calendar; charset=\"UTF-8\"; method=REQUEST"),
                new Header("Content-Transfer-Encoding", encoding.token())), encoding.encode(ics, UTF_8));
    }

    private static MimePart.Leaf attachmentLeaf(Attachment attachment) {
        String filename = attachment.filename();
        boolean ascii = MimeEncoding.isAscii(filename);
        String name = ascii ? filename : MimeEncoding.encodedWords(filename, UTF_8, true);
        String charset = attachment.contentType().startsWith("text/") ? "; charset=\"UTF-8\"" : "";
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Content-Type", attachment.contentType() + charset + "; name=\"" + name + "\""));
        headers.add(new Header("Content-Disposition", (attachment.inline() ? "inline" : "attachment") + "; "
                + (ascii ? "filename=\"" + filename + "\"" : "filename*=" + MimeEncoding.rfc2231(filename))));
        if (attachment.inline()) {
            headers.add(new Header("Content-ID", "<" + attachment.contentId() + ">"));
        }
        headers.add(new Header("Content-Transfer-Encoding", TransferEncoding.BASE64.token()));
        return new MimePart.Leaf(headers, MimeEncoding.base64(attachment.data()));
    }

    private static List<EmailAddress> addresses(List<Person> people) {
        return people.stream().map(Person::toAddress).toList();
    }

    private static Map<String, List<String>> selected(List<Header> headers) {
        Map<String, List<String>> selected = new LinkedHashMap<>();
        for (Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (SELECTED_HEADERS.contains(name)) {
                selected.computeIfAbsent(name, n -> new ArrayList<>()).add(header.value());
            }
        }
        return selected;
    }

    private static int longestLine(String text) {
        int longest = 0;
        for (String line : MimeEncoding.lines(text)) {
            longest = Math.max(longest, line.length());
        }
        return longest;
    }
}
