package io.mailsync.gmail.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decodes RFC 2047 encoded words ({@code =?UTF-8?B?...?=}); leaves anything it cannot decode as it was. */
final class Rfc2047 {

    private static final Pattern WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=");
    private static final Pattern BETWEEN_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");

    private Rfc2047() {
    }

    static String decode(String value) {
        if (!value.contains("=?")) {
            return value;
        }
        String joined = BETWEEN_WORDS.matcher(value).replaceAll("$1$2");
        Matcher m = WORD.matcher(joined);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(word(m.group(1), m.group(2), m.group(3), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String word(String charsetName, String encoding, String text, String original) {
        try {
            Charset cs = Charset.forName(charsetName.split("\\*")[0]);
            byte[] bytes = encoding.equalsIgnoreCase("B") ? Base64.getMimeDecoder().decode(text) : q(text);
            return new String(bytes, cs);
        } catch (RuntimeException e) {
            return original;
        }
    }

    private static byte[] q(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
