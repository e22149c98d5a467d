package io.mailsync.gmail.internal;

import io.mailsync.core.AttachmentSummary;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a {@code format=raw} message the sync keeps: the unfolded top-level header block, the first
 * text/plain and text/html bodies (quoted-printable and base64 undone, found through nested multiparts) and a summary
 * of each attachment (its size is the encoded size, as IMAP reports it). sync-gmail may not depend on a MIME library (DESIGN.md), so this reads only what the sync keeps.
 * Broken MIME never throws: whatever cannot be read is left out (an unclosed multipart keeps what came before the
 * end; an unknown charset is read as ISO-8859-1; bad base64 keeps the bytes as they are).
 */
record RawMessage(List<String[]> headers, String textBody, String htmlBody, List<AttachmentSummary> attachments) {

    private static final Pattern CHARSET = parameter("charset");
    private static final Pattern BOUNDARY = parameter("boundary");
    private static final Pattern FILENAME = parameter("filename\\*?");
    private static final Pattern NAME = parameter("name\\*?");
    private static final int MAX_DEPTH = 20;

    private static Pattern parameter(String name) {
        return Pattern.compile(";\\s*" + name + "\\s*=\\s*(?:\"([^\"]*)\"|([^\";\\s]+))", Pattern.CASE_INSENSITIVE);
    }

    static RawMessage parse(byte[] bytes) {
        Entity top = Entity.of(new String(bytes, StandardCharsets.ISO_8859_1));
        Bodies out = new Bodies();
        walk(top, out, 0);
        return new RawMessage(utf8(top.headers), out.text, out.html, out.attachments);
    }

    /** One MIME entity: its headers and its body, as ISO-8859-1 text (one char per byte). */
    private record Entity(List<String[]> headers, String body) {

        static Entity of(String all) {
            int split = all.indexOf("\r\n\r\n");
            int sep = 4;
            int lf = all.indexOf("\n\n");
            if (split < 0 || (lf >= 0 && lf < split)) {
                split = lf;
                sep = 2;
            }
            String head = split < 0 ? all : all.substring(0, split);
            String body = split < 0 ? "" : all.substring(split + sep);
            List<String[]> headers = new ArrayList<>();
            for (String line : head.split("\r?\n")) {
                if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
                    String[] last = headers.get(headers.size() - 1);
                    last[1] = last[1] + " " + line.strip();
                } else if (line.indexOf(':') > 0) {
                    int c = line.indexOf(':');
                    headers.add(new String[] {line.substring(0, c).strip(), line.substring(c + 1).strip()});
                }
            }
            return new Entity(headers, body);
        }

        String header(String name, String fallback) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(fallback);
        }
    }

    private static final class Bodies {
        String text;
        String html;
        final List<AttachmentSummary> attachments = new ArrayList<>();
    }

    private static void walk(Entity e, Bodies out, int depth) {
        String type = e.header("content-type", "text/plain");
        String mime = type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        String disposition = e.header("content-disposition", "");
        String filename = param(FILENAME, disposition);
        if (filename == null) {
            filename = param(NAME, type);
        }
        boolean attachment = disposition.toLowerCase(Locale.ROOT).startsWith("attachment") || filename != null;
        if (mime.startsWith("multipart/") && depth < MAX_DEPTH) {
            String boundary = param(BOUNDARY, type);
            if (boundary != null) {
                for (String part : parts(e.body(), boundary)) {
                    walk(Entity.of(part), out, depth + 1);
                }
            }
            return;
        }
        if (attachment) {
            boolean inline = disposition.toLowerCase(Locale.ROOT).startsWith("inline");
            out.attachments.add(new AttachmentSummary(filename == null ? "" : Rfc2047.decode(filename), mime, e.body().length(), inline));
            return;
        }
        if (mime.equals("text/plain") && out.text == null) {
            out.text = decodeBody(e.body(), e.header("content-transfer-encoding", "7bit"), charset(type));
        } else if (mime.equals("text/html") && out.html == null) {
            out.html = decodeBody(e.body(), e.header("content-transfer-encoding", "7bit"), charset(type));
        }
    }

    /** The parts between {@code --boundary} lines, up to {@code --boundary--} or the end of a truncated body. */
    private static List<String> parts(String body, String boundary) {
        List<String> parts = new ArrayList<>();
        String delimiter = "--" + boundary;
        int at = body.startsWith(delimiter) ? 0 : body.indexOf("\n" + delimiter);
        while (at >= 0) {
            int lineStart = body.charAt(at) == '\n' ? at + 1 : at;
            int afterDelimiter = lineStart + delimiter.length();
            if (body.startsWith("--", afterDelimiter)) {
                break; // the closing delimiter
            }
            int contentStart = body.indexOf('\n', afterDelimiter);
            if (contentStart < 0) {
                break;
            }
            int next = body.indexOf("\n" + delimiter, contentStart);
            int contentEnd = next < 0 ? body.length() : (next > 0 && body.charAt(next - 1) == '\r' ? next - 1 : next);
            parts.add(body.substring(contentStart + 1, Math.max(contentStart + 1, contentEnd)));
            at = next;
        }
        return parts;
    }

    private static String param(Pattern p, String header) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            return null;
        }
        String v = m.group(1) != null ? m.group(1) : m.group(2);
        int quote = v.indexOf("''"); // RFC 2231: charset'lang'value
        if (quote >= 0) {
            Charset cs = charsetOrLatin1(v.substring(0, v.indexOf('\'')));
            return new String(percentDecode(v.substring(quote + 2)), cs);
        }
        return new String(v.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8); // 8-bit: mostly UTF-8
    }

    private static byte[] percentDecode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static List<String[]> utf8(List<String[]> headers) {
        for (String[] h : headers) {
            h[1] = new String(h[1].getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
        return headers;
    }

    private static Charset charset(String contentType) {
        String name = param(CHARSET, contentType);
        return name == null ? StandardCharsets.US_ASCII : charsetOrLatin1(name);
    }

    private static Charset charsetOrLatin1(String name) {
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    private static String decodeBody(String body, String encoding, Charset charset) {
        byte[] raw = body.getBytes(StandardCharsets.ISO_8859_1);
        try {
            String enc = encoding.strip().toLowerCase(Locale.ROOT);
            if (enc.equals("base64")) {
                raw = Base64.getMimeDecoder().decode(raw);
            } else if (enc.equals("quoted-printable")) {
                raw = quotedPrintable(body);
            }
        } catch (RuntimeException e) {
            // broken encoding: keep the bytes as they are
        }
        return new String(raw, charset);
    }

    private static byte[] quotedPrintable(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=' && i + 1 < s.length() && (s.charAt(i + 1) == '\r' || s.charAt(i + 1) == '\n')) {
                i += s.charAt(i + 1) == '\r' && i + 2 < s.length() && s.charAt(i + 2) == '\n' ? 2 : 1;
            } else if (c == '=' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
