package io.mailsync.examples.cli;

/**
 * A failure the CLI reports as one line on standard error with an {@link ExitCode}; the stack trace is shown only
 * with {@code --verbose}.
 */
public final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** A failure with the line to print (naming what to fix) and the exit code. */
    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A failure caused by {@code cause}. */
    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }
}
