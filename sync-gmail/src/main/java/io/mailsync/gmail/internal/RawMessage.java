package io.mailsync.gmail.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a {@code format=raw} message the sync keeps: the unfolded header block, and the body when the message
 * is a single text part (quoted-printable and base64 undone). Multipart raw messages keep headers only; use
 * {@code FULL} for bodies. Broken MIME never throws: whatever cannot be read is left out.
 */
record RawMessage(List<String[]> headers, String textBody, String htmlBody) {

    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE);

    static RawMessage parse(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        int split = all.indexOf("\r\n\r\n");
        int sep = 4;
        if (split < 0) {
            split = all.indexOf("\n\n");
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
        String type = value(headers, "content-type", "text/plain");
        String lower = type.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("text/plain") && !lower.startsWith("text/html")) {
            return new RawMessage(utf8(headers), null, null);
        }
        String text = decodeBody(body, value(headers, "content-transfer-encoding", "7bit"), charset(type));
        return lower.startsWith("text/html") ? new RawMessage(utf8(headers), null, text)
                : new RawMessage(utf8(headers), text, null);
    }

    private static List<String[]> utf8(List<String[]> headers) {
        for (String[] h : headers) {
            h[1] = new String(h[1].getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
        return headers;
    }

    private static String value(List<String[]> headers, String name, String fallback) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(fallback);
    }

    private static Charset charset(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        try {
            return m.find() ? Charset.forName(m.group(1)) : StandardCharsets.US_ASCII;
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
