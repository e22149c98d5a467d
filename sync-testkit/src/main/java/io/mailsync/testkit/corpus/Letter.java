package io.mailsync.testkit.corpus;

import static io.mailsync.testkit.corpus.MimeEncoding.CRLF;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A personal message's content, rendered as plain text (wrapped at 72 columns, quoted lines prefixed with
 * {@code "> "}) and as HTML (paragraphs, the quote in a {@code blockquote}). Both use CRLF line breaks.
 *
 * @param greeting   the greeting line
 * @param paragraphs the new text, one string per paragraph
 * @param closing    the sign-off line
 * @param signer     the name under the sign-off
 * @param quote      the quoted previous message, for replies
 */
record Letter(String greeting, List<String> paragraphs, String closing, String signer, Optional<Quote> quote) {
    private static final int WIDTH = 72;
    private static final int CJK_WIDTH = 36;
    private static final int MAX_QUOTED_LINES = 40;

    /**
     * The previous message as a reply quotes it.
     *
     * @param attribution the "On ..., X wrote:" line
     * @param text        the previous message's plain text
     */
    record Quote(String attribution, String text) {
    }

    /** The plain-text rendering. */
    String text() {
        List<String> lines = new ArrayList<>();
        lines.add(greeting);
        for (String paragraph : paragraphs) {
            lines.add("");
            lines.addAll(wrap(paragraph));
        }
        lines.add("");
        lines.add(closing);
        lines.add(signer);
        quote.ifPresent(q -> {
            lines.add("");
            lines.add(q.attribution());
            quotedLines(q.text()).forEach(line -> lines.add(line.isEmpty() ? ">" : "> " + line));
        });
        return String.join(CRLF, lines);
    }

    /** The HTML rendering. */
    String html() {
        List<String> lines = new ArrayList<>();
        lines.add("<html>");
        lines.add("<body>");
        lines.add("<div dir=\"ltr\">");
        lines.add("<p>" + Html.escape(greeting) + "</p>");
        paragraphs.forEach(p -> lines.add("<p>" + Html.escape(p) + "</p>"));
        lines.add("<p>" + Html.escape(closing) + "<br>" + Html.escape(signer) + "</p>");
        lines.add("</div>");
        quote.ifPresent(q -> {
            lines.add("<div class=\"gmail_quote\">");
            lines.add("<p>" + Html.escape(q.attribution()) + "</p>");
            lines.add("<blockquote type=\"cite\" style=\"margin:0 0 0 .8ex;border-left:1px solid #ccc;"
                    + "padding-left:1ex\">");
            quotedLines(q.text()).forEach(line -> lines.add(Html.escape(line) + "<br>"));
            lines.add("</blockquote>");
            lines.add("</div>");
        });
        lines.add("</body>");
        lines.add("</html>");
        return String.join(CRLF, lines);
    }

    private static List<String> quotedLines(String text) {
        List<String> lines = MimeEncoding.lines(text);
        return lines.subList(0, Math.min(lines.size(), MAX_QUOTED_LINES));
    }

    /** Greedy word wrap; text without spaces (Japanese) is cut every {@value #CJK_WIDTH} code points. */
    static List<String> wrap(String paragraph) {
        if (paragraph.indexOf(' ') < 0) {
            return cut(paragraph);
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : paragraph.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static List<String> cut(String paragraph) {
        List<String> lines = new ArrayList<>();
        int[] codePoints = paragraph.codePoints().toArray();
        for (int start = 0; start < codePoints.length; start += CJK_WIDTH) {
            int end = Math.min(codePoints.length, start + CJK_WIDTH);
            lines.add(new String(codePoints, start, end - start));
        }
        return lines.isEmpty() ? List.of("") : lines;
    }
}
