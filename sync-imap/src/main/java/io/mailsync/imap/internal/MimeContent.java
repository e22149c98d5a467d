package io.mailsync.imap.internal;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The text and HTML bodies of a raw message, parsed leniently with Jakarta Mail: transfer encodings undone, charsets
 * applied (unknown ones fall back to UTF-8 with replacement characters), the first {@code text/plain} and the first
 * {@code text/html} that are not attachments, at most {@value #MAX_DEPTH} multipart levels deep. Stateless.
 */
final class MimeContent {

    static final int MAX_DEPTH = 30;
    private static final Session PARSING = Session.getInstance(lenient());

    private MimeContent() {
    }

    /** The bodies found. */
    record Bodies(Optional<String> text, Optional<String> html) {
        static final Bodies NONE = new Bodies(Optional.empty(), Optional.empty());
    }

    /** The message parsed from its bytes (headers and parts read lazily). */
    static MimeMessage parse(byte[] raw) throws MessagingException {
        return new MimeMessage(PARSING, new ByteArrayInputStream(raw));
    }

    /** The bodies of {@code raw}; what cannot be read is left out. */
    static Bodies bodies(byte[] raw) throws MessagingException, IOException {
        Found found = new Found();
        walk(parse(raw), 0, found);
        return new Bodies(Optional.ofNullable(found.text), Optional.ofNullable(found.html));
    }

    private static final class Found {
        String text;
        String html;
    }

    private static void walk(Part part, int depth, Found found) throws MessagingException, IOException {
        if (depth > MAX_DEPTH || (found.text != null && found.html != null)) {
            return;
        }
        String type = baseType(part);
        if (type.startsWith("multipart/")) {
            Object content = safeContent(part);
            if (content instanceof Multipart mp) {
                for (int i = 0; i < safeCount(mp); i++) {
                    BodyPart child = mp.getBodyPart(i);
                    walk(child, depth + 1, found);
                }
            }
            return;
        }
        if (Part.ATTACHMENT.equalsIgnoreCase(safeDisposition(part))) {
            return;
        }
        if (type.equals("text/plain") && found.text == null) {
            found.text = text(part);
        } else if (type.equals("text/html") && found.html == null) {
            found.html = text(part);
        }
    }

    /** The part's text, transfer-decoded and charset-decoded, never failing on a bad encoding or charset. */
    static String text(Part part) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        } catch (MessagingException | IOException | RuntimeException badEncoding) {
            if (!(part instanceof MimePart mp)) {
                throw badEncoding;
            }
            try (InputStream raw = rawStream(mp)) {
                bytes = raw.readAllBytes(); // an unknown Content-Transfer-Encoding: keep the bytes as they are
            }
        }
        return new String(bytes, charset(part));
    }

    private static InputStream rawStream(MimePart part) throws MessagingException {
        if (part instanceof MimeMessage m) {
            return m.getRawInputStream();
        }
        return ((jakarta.mail.internet.MimeBodyPart) part).getRawInputStream();
    }

    static Charset charset(Part part) {
        try {
            String name = new ContentType(part.getContentType()).getParameter("charset");
            if (name != null) {
                return Charset.forName(MimeUtility.javaCharset(name.trim()));
            }
        } catch (MessagingException | RuntimeException unknown) {
            // an unknown or malformed charset: fall through to UTF-8, bad bytes become U+FFFD
        }
        return StandardCharsets.UTF_8;
    }

    static String baseType(Part part) {
        try {
            String ct = part.getContentType();
            return ct == null ? "text/plain" : new ContentType(ct).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException malformed) {
            return "application/octet-stream";
        }
    }

    private static String safeDisposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException | RuntimeException malformed) {
            return null;
        }
    }

    private static Object safeContent(Part part) {
        try {
            return part.getContent();
        } catch (MessagingException | IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static int safeCount(Multipart mp) {
        try {
            return mp.getCount();
        } catch (MessagingException | RuntimeException unterminated) {
            return 0;
        }
    }

    /** A plain-text preview: whitespace collapsed, HTML tags removed, at most {@code max} characters. */
    static String snippet(Bodies bodies, int max) {
        String source = bodies.text().orElseGet(() -> bodies.html().map(h -> h
                .replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("<[^>]*>", " ")
                .replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
                .orElse(""));
        String collapsed = source.replaceAll("\\s+", " ").strip();
        return collapsed.length() <= max ? collapsed : collapsed.substring(0, max);
    }

    private static Properties lenient() {
        Properties p = new Properties();
        p.put("mail.mime.decodetext.strict", "false");
        p.put("mail.mime.address.strict", "false");
        p.put("mail.mime.parameters.strict", "false");
        p.put("mail.mime.multipart.ignoremissingendboundary", "true");
        p.put("mail.mime.multipart.allowempty", "true");
        p.put("mail.mime.multipart.ignoremissingboundaryparameter", "true");
        p.put("mail.mime.base64.ignoreerrors", "true");
        p.put("mail.mime.uudecode.ignoreerrors", "true");
        p.put("mail.mime.ignoreunknownencoding", "true");
        return p;
    }
}
