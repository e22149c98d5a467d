package io.mailsync.jdbc.internal;

/**
 * Makes Java strings storable in PostgreSQL text and JSONB: PostgreSQL rejects U+0000, and a lone UTF-16 surrogate
 * has no UTF-8 encoding. Both become U+FFFD REPLACEMENT CHARACTER; every other character is kept. Returns the same
 * instance when nothing needs replacing, so the common case allocates nothing.
 */
public final class Text {

    /** What replaces a NUL or a lone surrogate. */
    public static final char REPLACEMENT = '\uFFFD';

    private Text() {
    }

    /** {@code s} with NULs and lone surrogates replaced by U+FFFD; {@code null} stays {@code null}. */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0 || Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return rewrite(s, i);
            }
        }
        return s;
    }

    private static String rewrite(String s, int from) {
        StringBuilder sb = new StringBuilder(s.length());
        sb.append(s, 0, from);
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                sb.append(REPLACEMENT);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append(REPLACEMENT);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
