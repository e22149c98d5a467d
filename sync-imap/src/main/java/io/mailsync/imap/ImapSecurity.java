package io.mailsync.imap;

/** How the IMAP connection is protected. */
public enum ImapSecurity {
    /** Implicit TLS from the first byte (IMAPS, usually port 993). The default. */
    TLS(993),
    /** A plain connection upgraded with STARTTLS before login; refused when the server does not offer it. */
    STARTTLS(143),
    /** No encryption at all: only for tests against a local server. */
    PLAIN(143);

    private final int defaultPort;

    ImapSecurity(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The usual port for this kind of connection. */
    public int defaultPort() {
        return defaultPort;
    }
}
