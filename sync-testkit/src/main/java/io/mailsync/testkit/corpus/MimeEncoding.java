package io.mailsync.testkit.corpus;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The encodings of RFC 2045, 2047 and 2231 and the header folding of RFC 5322, written out by hand because the test
 * kit depends on nothing but sync-core. Every method returns pure ASCII. Stateless and thread-safe.
 */
final class MimeEncoding {
    static final String CRLF = "\r\n";
    private static final int MAX_HEADER_LINE = 78;
    private static final int MAX_QP_LINE = 76;
    private static final int MAX_ENCODED_WORD = 75;
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII));
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String Q_LITERALS = "!*+-/";
    private static final String RFC2231_LITERALS = "!#$&+-.^_`|~";
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~ ";

    private MimeEncoding() {
    }

    /** Whether every character of {@code text} is 7-bit ASCII. */
    static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    /** Base64 in lines of 76 characters separated by CRLF, without a final line break. */
    static String base64(byte[] data) {
        return BASE64.encodeToString(data);
    }

    /** Quoted-printable (RFC 2045 6.7) of text whose line breaks are CRLF; those stay hard line breaks. */
    static String quotedPrintable(String text, Charset charset) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 4);
        List<String> lines = lines(text);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.append(CRLF);
            }
            quotedPrintableLine(lines.get(i).getBytes(charset), out);
        }
        return out.toString();
    }

    private static void quotedPrintableLine(byte[] bytes, StringBuilder out) {
        int column = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean last = i == bytes.length - 1;
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last);
            int width = literal ? 1 : 3;
            int limit = last ? MAX_QP_LINE : MAX_QP_LINE - 1; // leave room for the soft break's '='
            if (column + width > limit) {
                out.append('=').append(CRLF);
                column = 0;
            }
            if (literal) {
                out.append((char) b);
            } else {
                appendEscaped(out, '=', b);
            }
            column += width;
        }
    }

    /** The lines of {@code text} split at CRLF; a trailing CRLF gives a last empty line. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf(CRLF); end >= 0; end = text.indexOf(CRLF, start)) {
            lines.add(text.substring(start, end));
            start = end + CRLF.length();
        }
        lines.add(text.substring(start));
        return lines;
    }

    /**
     * Unstructured header text (a subject): unchanged when ASCII, otherwise the leading ASCII words stay plain and
     * the rest becomes RFC 2047 encoded words in {@code charset} (UTF-8 when it cannot encode the text).
     */
    static String unstructured(String text, Charset charset, boolean base64) {
        if (isAscii(text)) {
            return text;
        }
        int firstNonAscii = 0;
        while (text.charAt(firstNonAscii) < 0x80) {
            firstNonAscii++;
        }
        int cut = text.lastIndexOf(' ', firstNonAscii) + 1;
        return text.substring(0, cut) + encodedWords(text.substring(cut), charset, base64);
    }

    /** A mailbox: {@code name <address>} with the name as an atom, a quoted string or encoded words. */
    static String mailbox(String name, String address, Charset charset, boolean base64) {
        if (name.isEmpty()) {
            return address;
        }
        return phrase(name, charset, base64) + " <" + address + ">";
    }

    private static String phrase(String name, Charset charset, boolean base64) {
        if (!isAscii(name)) {
            return encodedWords(name, charset, base64);
        }
        boolean plain = name.chars().allMatch(c -> Character.isLetterOrDigit(c) || ATEXT_SPECIALS.indexOf(c) >= 0);
        return plain ? name : '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * {@code text} as RFC 2047 encoded words of at most 75 characters, separated by spaces (which decoders drop
     * between encoded words). Q encoding uses the restricted set allowed in phrases. Code points are never split.
     */
    static String encodedWords(String text, Charset charset, boolean base64) {
        Charset cs = charset.newEncoder().canEncode(text) ? charset : StandardCharsets.UTF_8;
        String open = "=?" + cs.name() + (base64 ? "?B?" : "?Q?");
        int room = MAX_ENCODED_WORD - open.length() - 2;
        int limit = base64 ? room / 4 * 3 : room;
        List<String> words = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String piece = new String(Character.toChars(cp));
            int cost = base64 ? piece.getBytes(cs).length : qEncode(piece, cs).length();
            if (used + cost > limit && used > 0) {
                words.add(open + encodeWordText(pending.toString(), cs, base64) + "?=");
                pending.setLength(0);
                used = 0;
            }
            pending.append(piece);
            used += cost;
            i += Character.charCount(cp);
        }
        words.add(open + encodeWordText(pending.toString(), cs, base64) + "?=");
        return String.join(" ", words);
    }

    private static String encodeWordText(String text, Charset cs, boolean base64) {
        return base64 ? Base64.getEncoder().encodeToString(text.getBytes(cs)) : qEncode(text, cs);
    }

    private static String qEncode(String text, Charset cs) {
        StringBuilder out = new StringBuilder();
        for (byte raw : text.getBytes(cs)) {
            int b = raw & 0xFF;
            if (b == ' ') {
                out.append('_');
            } else if (b < 0x80 && (Character.isLetterOrDigit(b) || Q_LITERALS.indexOf(b) >= 0)) {
                out.append((char) b);
            } else {
                appendEscaped(out, '=', b);
            }
        }
        return out.toString();
    }

    /** An RFC 2231 extended parameter value: {@code UTF-8''} and the percent-encoded UTF-8 bytes. */
    static String rfc2231(String value) {
        StringBuilder out = new StringBuilder("UTF-8''");
        for (byte raw : value.getBytes(StandardCharsets.UTF_8)) {
            int b = raw & 0xFF;
            if (b < 0x80 && (Character.isLetterOrDigit(b) || RFC2231_LITERALS.indexOf(b) >= 0)) {
                out.append((char) b);
            } else {
                appendEscaped(out, '%', b);
            }
        }
        return out.toString();
    }

    /**
     * {@code Name: value} folded (RFC 5322 2.2.3) at spaces outside quoted strings so that lines stay within 78
     * characters wherever a space allows; never between the name and the first word of the value.
     */
    static String fold(String name, String value) {
        String line = name + ": " + value;
        if (line.length() <= MAX_HEADER_LINE) {
            return line;
        }
        List<String> units = splitAtSpacesOutsideQuotes(line);
        StringBuilder out = new StringBuilder(units.get(0));
        int column = units.get(0).length();
        for (int i = 1; i < units.size(); i++) {
            String unit = units.get(i);
            if (i > 1 && !unit.isEmpty() && column + 1 + unit.length() > MAX_HEADER_LINE) {
                out.append(CRLF).append(' ').append(unit);
                column = 1 + unit.length();
            } else {
                out.append(' ').append(unit);
                column += 1 + unit.length();
            }
        }
        return out.toString();
    }

    private static List<String> splitAtSpacesOutsideQuotes(String line) {
        List<String> units = new ArrayList<>();
        StringBuilder unit = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == ' ' && !quoted) {
                units.add(unit.toString());
                unit.setLength(0);
            } else {
                unit.append(c);
            }
        }
        units.add(unit.toString());
        return units;
    }

    private static void appendEscaped(StringBuilder out, char escape, int b) {
        out.append(escape).append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }
}
