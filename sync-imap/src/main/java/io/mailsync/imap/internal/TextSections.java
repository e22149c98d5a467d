package io.mailsync.imap.internal;

import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which body sections of a message hold its text and HTML bodies, found in the server's {@code BODYSTRUCTURE} with
 * the rules of {@link MimeContent} (the first {@code text/plain} and the first {@code text/html} that are not
 * attachments, multiparts walked in order, nested messages not entered), so that only those sections are fetched
 * ({@code BODY.PEEK[1.1]}) and the server, not the client, takes the message apart. Stateless.
 */
final class TextSections {

    private TextSections() {
    }

    /** One leaf to fetch: its section number and how to decode it. */
    record Section(String number, String encoding, String charset) {
    }

    /** The text and HTML sections of one message; either may be absent. */
    record Plan(Optional<Section> text, Optional<Section> html) {

        /** The section numbers to fetch, space-separated ({@code 1.1 1.2}); the grouping key of a fetch. */
        String numbers() {
            List<String> n = new ArrayList<>(2);
            text.ifPresent(s -> n.add(s.number()));
            html.ifPresent(s -> n.add(s.number()));
            return String.join(" ", n);
        }

        /** The bodies decoded from the fetched sections (section number to transfer-encoded bytes). */
        MimeContent.Bodies decode(Map<String, byte[]> fetched) {
            return new MimeContent.Bodies(text.flatMap(s -> decodeSection(s, fetched.get(s.number()))),
                    html.flatMap(s -> decodeSection(s, fetched.get(s.number()))));
        }
    }

    /** The plan for a message with this structure. */
    static Plan plan(BODYSTRUCTURE structure) {
        Section[] found = new Section[2];
        walk(structure, "", 0, found);
        return new Plan(Optional.ofNullable(found[0]), Optional.ofNullable(found[1]));
    }

    private static void walk(BODYSTRUCTURE bs, String number, int depth, Section[] found) {
        if (bs == null || depth > MimeContent.MAX_DEPTH || (found[0] != null && found[1] != null)) {
            return;
        }
        if (bs.isMulti()) {
            BODYSTRUCTURE[] children = bs.bodies == null ? new BODYSTRUCTURE[0] : bs.bodies;
            for (int i = 0; i < children.length; i++) {
                walk(children[i], number.isEmpty() ? Integer.toString(i + 1) : number + "." + (i + 1), depth + 1,
                        found);
            }
            return;
        }
        if ("attachment".equalsIgnoreCase(bs.disposition)) {
            return;
        }
        String type = (nonNull(bs.type) + "/" + nonNull(bs.subtype)).toLowerCase(Locale.ROOT);
        String section = number.isEmpty() ? "1" : number; // a single-part message's body is part 1 (RFC 3501 6.4.5)
        String charset = bs.cParams == null ? null : bs.cParams.get("charset");
        if (type.equals("text/plain") && found[0] == null) {
            found[0] = new Section(section, bs.encoding, charset);
        } else if (type.equals("text/html") && found[1] == null) {
            found[1] = new Section(section, bs.encoding, charset);
        }
    }

    /** The section's text: transfer encoding undone (kept as is when it cannot be), charset applied leniently. */
    static Optional<String> decodeSection(Section section, byte[] encoded) {
        if (encoded == null) {
            return Optional.empty();
        }
        byte[] bytes;
        String encoding = section.encoding() == null ? "7bit" : section.encoding().trim().toLowerCase(Locale.ROOT);
        if (encoding.equals("7bit") || encoding.equals("8bit") || encoding.equals("binary")) {
            bytes = encoded;
        } else if (encoding.equals("base64")) {
            bytes = base64(encoded);
        } else if (encoding.equals("quoted-printable")) {
            byte[] fast = QuotedPrintable.decodeWellFormed(encoded); // malformed QP: Angus' stream and its leniency
            bytes = fast != null ? fast : decodeStream(encoded, encoding);
        } else {
            bytes = decodeStream(encoded, encoding);
        }
        return Optional.of(new String(bytes, charset(section.charset())));
    }

    private static byte[] decodeStream(byte[] encoded, String encoding) {
        try (InputStream in = MimeUtility.decode(new ByteArrayInputStream(encoded), encoding)) {
            return in.readAllBytes();
        } catch (Exception badEncoding) { // unknown encoding or broken base64/QP: keep the bytes as they are
            return encoded;
        }
    }

    /** Lenient base64 (the MIME decoder skips line breaks and junk); undecodable input is kept as it is. */
    private static byte[] base64(byte[] encoded) {
        try {
            return Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException broken) { // bad padding or a truncated final quantum
            return encoded;
        }
    }

    private static Charset charset(String name) {
        if (name != null) {
            try {
                return Charset.forName(MimeUtility.javaCharset(name.trim()));
            } catch (RuntimeException unknown) {
                // an unknown or malformed charset: UTF-8, bad bytes become U+FFFD
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
