package io.mailsync.examples.cli;

/**
 * The exit codes of {@code mailsync}, stable for scripts.
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>done (for {@code --follow}: stopped by Ctrl-C or after {@code --follow-for})</td></tr>
 *   <tr><td>1</td><td>the sync failed (a provider or internal error; the line says which)</td></tr>
 *   <tr><td>2</td><td>usage: a bad or missing option, a missing environment variable, an unknown account</td></tr>
 *   <tr><td>3</td><td>authentication: wrong password, rejected or expired token</td></tr>
 *   <tr><td>4</td><td>the server is unreachable, refused the connection, timed out, or TLS failed</td></tr>
 *   <tr><td>5</td><td>the store: PostgreSQL could not be started, reached or migrated</td></tr>
 * </table>
 */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** The sync failed. */
    public static final int SYNC_ERROR = 1;
    /** A bad option, a missing environment variable, an unknown account. */
    public static final int USAGE = 2;
    /** Wrong credentials. */
    public static final int AUTH = 3;
    /** Unreachable server or TLS failure. */
    public static final int UNREACHABLE = 4;
    /** PostgreSQL unusable. */
    public static final int STORE = 5;

    private ExitCode() {
    }
}
