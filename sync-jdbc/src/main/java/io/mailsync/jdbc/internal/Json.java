package io.mailsync.jdbc.internal;

/**
 * A minimal JSON writer for the fixed shapes of {@code email_index} (arrays of strings, of small objects, of
 * {@code [name, [values]]} pairs). It writes exactly what Jackson's default {@code ObjectMapper} writes for the same
 * values (the stored content hashes stay valid) without Jackson's per-call generator and serializer set-up, which
 * dominated the upsert's client-side time. Strings must be {@linkplain Text#clean cleaned} first. Not thread-safe: one
 * writer per encoding.
 */
final class Json {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder sb = new StringBuilder(256);

    /** Empties the buffer and returns this writer. */
    Json reset() {
        sb.setLength(0);
        return this;
    }

    /** The text written since the last {@link #reset()}. */
    String text() {
        return sb.toString();
    }

    Json raw(char c) {
        sb.append(c);
        return this;
    }

    /** A member separator when the previous character does not open an array or object. */
    Json comma() {
        char last = sb.charAt(sb.length() - 1);
        if (last != '[' && last != '{') {
            sb.append(',');
        }
        return this;
    }

    Json number(long value) {
        sb.append(value);
        return this;
    }

    Json bool(boolean value) {
        sb.append(value);
        return this;
    }

    /** {@code "name":} */
    Json name(String name) {
        return string(name).raw(':');
    }

    /** A JSON string, escaped as Jackson does: {@code "} and {@code \}, and control characters below U+0020. */
    Json string(String s) {
        if (s == null) {
            sb.append("null");
            return this;
        }
        sb.append('"');
        int n = s.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            sb.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        sb.append(s, start, n).append('"');
        return this;
    }
}
