package io.mailsync.jdbc.internal;

import java.util.Collection;

/**
 * PostgreSQL array literals ({@code {"a","b",NULL}}) of text values, bound as one string and cast with
 * {@code ::text[]} in SQL. Building one literal per column is cheaper on the client than the driver's binary array
 * encoding (which grows a byte buffer value by value), and PostgreSQL parses it in C. Thread-safe (stateless).
 */
public final class PgArray {

    private PgArray() {
    }

    /** The literal of {@code values}; {@code null} elements become SQL NULL. Values must be {@linkplain Text#clean cleaned}. */
    public static String of(String[] values) {
        int size = 2;
        for (String v : values) {
            size += v == null ? 5 : v.length() + 3;
        }
        StringBuilder sb = new StringBuilder(size + 16).append('{');
        for (String v : values) {
            append(sb.length() > 1 ? sb.append(',') : sb, v);
        }
        return sb.append('}').toString();
    }

    /** The literal of {@code values} (none null). */
    public static String of(Collection<String> values) {
        return of(values.toArray(String[]::new));
    }

    private static void append(StringBuilder sb, String v) {
        if (v == null) {
            sb.append("NULL");
            return;
        }
        sb.append('"');
        int start = 0;
        int n = v.length();
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append(v, start, i).append('\\');
                start = i;
            }
        }
        sb.append(v, start, n).append('"');
    }
}
