package io.mailsync.gmail;

/** Which {@code messages.get} format the sync fetches. All cost the same quota units. */
public enum GmailMessageFormat {
    /** Labels, snippet, size and the headers the store needs; no bodies. The default. */
    METADATA("metadata"),
    /** The parsed MIME tree with text and HTML bodies and attachment summaries. */
    FULL("full"),
    /** The RFC 5322 message, base64url-encoded; parsed here (headers, single-part text body). */
    RAW("raw");

    private final String wire;

    GmailMessageFormat(String wire) {
        this.wire = wire;
    }

    /** The value of the API's {@code format} parameter. */
    public String wireName() {
        return wire;
    }
}
