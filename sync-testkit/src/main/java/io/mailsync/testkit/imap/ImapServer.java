package io.mailsync.testkit.imap;

/** A running IMAP server for tests: where it listens and how to add users. Plain IMAP, no TLS. */
public interface ImapServer extends AutoCloseable {

    /** The host to connect to (a loopback address). */
    String host();

    /** The IMAP port. */
    int port();

    /** Creates a user (or resets its password). */
    void addUser(String user, String password);

    /** A client logged in as {@code user}. */
    default ImapTestClient client(String user, String password) {
        return ImapTestClient.connect(host(), port(), user, password);
    }

    /** Stops the server. Idempotent. */
    @Override
    void close();
}
