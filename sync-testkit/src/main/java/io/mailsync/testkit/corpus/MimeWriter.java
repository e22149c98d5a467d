package io.mailsync.testkit.corpus;

import static io.mailsync.testkit.corpus.MimeEncoding.CRLF;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serialises a message: folded headers, the empty line, and the MIME tree with CRLF line endings and balanced
 * boundaries. The CRLF before each delimiter line belongs to the delimiter (RFC 2046 5.1.1). Stateless.
 */
final class MimeWriter {
    private static final String PREAMBLE = "This is a multi-part message in MIME format.";

    private MimeWriter() {
    }

    /** The raw message: {@code headers}, then the root entity's headers and content. */
    static byte[] write(List<Header> headers, MimePart root) {
        StringBuilder out = new StringBuilder(4096);
        writeHeaders(out, headers);
        writeEntity(out, root, true);
        out.append(CRLF);
        return ascii(out);
    }

    private static void writeHeaders(StringBuilder out, List<Header> headers) {
        for (Header header : headers) {
            out.append(MimeEncoding.fold(header.name(), header.value())).append(CRLF);
        }
    }

    private static void writeEntity(StringBuilder out, MimePart part, boolean top) {
        writeHeaders(out, part.headers());
        out.append(CRLF);
        switch (part) {
            case MimePart.Leaf leaf -> out.append(leaf.body());
            case MimePart.Multipart multipart -> writeParts(out, multipart, top);
        }
    }

    private static void writeParts(StringBuilder out, MimePart.Multipart multipart, boolean top) {
        if (top) {
            out.append(PREAMBLE).append(CRLF);
        }
        for (MimePart part : multipart.parts()) {
            out.append("--").append(multipart.boundary()).append(CRLF);
            writeEntity(out, part, false);
            out.append(CRLF);
        }
        out.append("--").append(multipart.boundary()).append("--");
    }

    private static byte[] ascii(StringBuilder out) {
        for (int i = 0; i < out.length(); i++) {
            if (out.charAt(i) >= 0x80) {
                throw new IllegalStateException("corpus bug: non-ASCII character at offset " + i + " of a raw message");
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
