package io.mailsync.testkit.corpus;

import java.util.regex.Pattern;

/** The little HTML the corpus needs: escaping text, and the visible text of a document for snippets. */
final class Html {
    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(head|style|script)\\b.*?</\\1>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private Html() {
    }

    /** {@code text} with the five HTML special characters escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The visible text of an HTML document: head, styles and tags removed, the escapes above resolved. */
    static String toText(String html) {
        String text = TAG.matcher(INVISIBLE.matcher(html).replaceAll(" ")).replaceAll(" ");
        return text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
