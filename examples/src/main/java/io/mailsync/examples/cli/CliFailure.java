package io.mailsync.examples.cli;

/**
 * A failure the CLI reports as one line on standard error with an {@link ExitCode}; the stack trace is shown only
 * with {@code --verbose}.
 */
public final class CliFailure extends RuntimeException {

    /** Serialisation version. */
    private static final long serialVersionUID = 1L;

    /** The process exit code. */
    private final int exitCode;

    /**
     * A failure.
     *
     * @param exitCode the {@link ExitCode}
     * @param message  the line to print, naming what to fix
     */
    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * A failure with its cause (shown with {@code --verbose}).
     *
     * @param exitCode the {@link ExitCode}
     * @param message  the line to print, naming what to fix
     * @param cause    what went wrong underneath
     */
    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * The process exit code.
     *
     * @return one of {@link ExitCode}'s values
     */
    public int exitCode() {
        return exitCode;
    }
}
