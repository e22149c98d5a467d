package io.mailsync.testkit.corpus;

import java.nio.charset.Charset;

/** A Content-Transfer-Encoding the corpus writes, with the encoder for it. */
enum TransferEncoding {
    SEVEN_BIT("7bit"),
    QUOTED_PRINTABLE("quoted-printable"),
    BASE64("base64");

    private final String token;

    TransferEncoding(String token) {
        this.token = token;
    }

    /** The header token, e.g. {@code quoted-printable}. */
    String token() {
        return token;
    }

    /** The encoded body for {@code text} (CRLF line breaks) in {@code charset}. */
    String encode(String text, Charset charset) {
        return switch (this) {
            case SEVEN_BIT -> text;
            case QUOTED_PRINTABLE -> MimeEncoding.quotedPrintable(text, charset);
            case BASE64 -> MimeEncoding.base64(text.getBytes(charset));
        };
    }
}
