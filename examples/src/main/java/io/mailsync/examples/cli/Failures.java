package io.mailsync.examples.cli;

import io.mailsync.core.ErrorCategory;
import io.mailsync.core.SyncError;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns what went wrong into an exit code and one line that says what to fix. Errors that reach the CLI as a
 * {@link SyncError} keep the provider's own words; connection and TLS failures are recognised from them.
 */
final class Failures {

    private static final Pattern TLS = Pattern.compile(
            "ssl|tls|certificate|handshake|pkix|unrecognized ssl message", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNREACHABLE = Pattern.compile(
            "connection refused|connect timed out|couldn't connect|could not connect|unknown ?host|no route to host"
                    + "|network is unreachable|connectexception|connection reset|name or service not known"
                    + "|timed out|timeout|nodename nor servname|failed to connect|sockettimeout",
            Pattern.CASE_INSENSITIVE);

    private Failures() {
    }

    /** The exit code and line for a sync error of the account at {@code where} (a host or URL). */
    static CliFailure of(SyncError error, String where, String credentialHint) {
        String words = error.message();
        if (error.category() == ErrorCategory.AUTHENTICATION) {
            return new CliFailure(ExitCode.AUTH, where + " rejected the credentials (" + words + "): check "
                    + credentialHint);
        }
        if (TLS.matcher(words).find()) {
            return new CliFailure(ExitCode.UNREACHABLE, "TLS with " + where + " failed (" + words
                    + "): check --tls / the server's certificate");
        }
        if (UNREACHABLE.matcher(words).find()) {
            return new CliFailure(ExitCode.UNREACHABLE, "cannot reach " + where + " (" + words
                    + "): check the host, port and network");
        }
        return new CliFailure(ExitCode.SYNC_ERROR, "sync with " + where + " failed: "
                + error.category().toString().toLowerCase(Locale.ROOT) + ": " + words);
    }

    /** The deepest cause's message, or its class name when it has none. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
