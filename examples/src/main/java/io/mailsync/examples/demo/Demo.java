package io.mailsync.examples.demo;

import io.mailsync.core.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * The self-contained demo, the README's first command: an in-JVM GreenMail IMAP server seeded with a realistic
 * mailbox from the test kit's corpus, an embedded PostgreSQL, a historical sync with a progress bar, real time (IDLE
 * and polling) while new mail arrives every few seconds, and a summary. Nothing to install; nothing left running.
 *
 * <pre>
 * ./mvnw -q -pl examples -am -DskipTests package exec:java
 * ./mvnw -q -pl examples -am -DskipTests package exec:java -Dexec.args="--duration 20"
 * </pre>
 *
 * <p>Exit codes: 0 done, 1 the sync failed, 2 a bad option, 4 the IMAP port is in use, 5 PostgreSQL could not be
 * started or reached, 130 stopped by Ctrl-C (after cleaning up). Not thread-safe: one run per instance.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs mailsync end to end on an in-JVM IMAP server and an embedded PostgreSQL.")
public final class Demo implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "30",
            description = "how long the real-time phase runs, new mail arriving (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "2000",
            description = "messages seeded into the mailbox before the historical sync (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "seconds between two new messages (default: ${DEFAULT-VALUE})")
    int intervalSeconds;

    @Option(names = "--imap-port", paramLabel = "PORT", defaultValue = "0",
            description = "the port of the in-JVM IMAP server; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int imapPort;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "use this PostgreSQL (jdbc:postgresql://...) instead of the embedded one; the demo works "
                    + "in a schema of its own, dropped at the end")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "the user for --jdbc-url")
    String jdbcUser;

    @Option(names = "--jdbc-password-env", paramLabel = "VAR",
            description = "the environment variable holding the password for --jdbc-url")
    String jdbcPasswordEnv;

    @Option(names = "--verbose", description = "log what the library does, and show stack traces")
    boolean verbose;

    private final PrintStream out;
    private final PrintStream err;
    private final UnaryOperator<String> env;
    private DemoSummary summary;

    private Demo(PrintStream out, PrintStream err, UnaryOperator<String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /**
     * Runs the demo with the process's arguments and exits with its exit code.
     *
     * @param args the command line (see {@code --help})
     */
    public static void main(String[] args) {
        Logging.quiet(args);
        Logging.hideServerDisconnects(args);
        Result result = execute(args, System.out, System.err, Map.copyOf(System.getenv())::get);
        if (!result.interrupted() && !ShutdownSignal.jvmIsStopping()) {
            System.exit(result.exitCode());
        }
    }

    /**
     * Runs the demo.
     *
     * @param args the command line
     * @param out  where the demo talks
     * @param err  where one-line errors go
     * @param env  the environment (for {@code --jdbc-password-env})
     * @return the exit code, and the summary when the run got that far
     */
    public static Result execute(String[] args, PrintStream out, PrintStream err, UnaryOperator<String> env) {
        Demo demo = new Demo(out, err, env);
        CommandLine cl = new CommandLine(demo)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, a) -> {
                    err.println("demo: " + e.getMessage() + " (see --help)");
                    return 2;
                })
                .setExecutionExceptionHandler((e, c, p) -> demo.failed(e));
        int code = cl.execute(args);
        return new Result(code, Optional.ofNullable(demo.summary), demo.interrupted);
    }

    private boolean interrupted;

    @Override
    public Integer call() throws Exception {
        if (durationSeconds < 1 || messages < 10 || intervalSeconds < 1 || imapPort < 0 || imapPort > 65_535) {
            err.println("demo: --duration and --interval must be >= 1, --messages >= 10, --imap-port 0..65535");
            return 2;
        }
        String password = null;
        if (jdbcPasswordEnv != null) {
            password = env.apply(jdbcPasswordEnv);
            if (password == null) {
                err.println("demo: the environment variable " + jdbcPasswordEnv + " (--jdbc-password-env) is not set");
                return 2;
            }
        }
        DemoSettings settings = new DemoSettings(durationSeconds, messages, intervalSeconds, imapPort,
                Optional.ofNullable(jdbcUrl), Optional.ofNullable(jdbcUser), Optional.ofNullable(password));
        try (ShutdownSignal signal = ShutdownSignal.install()) {
            DemoRun run = new DemoRun(settings, out, signal);
            summary = run.run();
            interrupted = signal.isJvmStopping();
            return signal.isRequested() ? 130 : run.failed() ? 1 : 0;
        }
    }

    private int failed(Exception e) {
        if (verbose) {
            e.printStackTrace(err);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof IllegalStateException && "Shutdown in progress".equals(e.getMessage())) {
            err.println("demo: stopped by Ctrl-C while starting; what was started is stopped");
            interrupted = true;
            return 130;
        }
        if (e instanceof DemoMailbox.PortInUseException) {
            err.println("demo: " + e.getMessage());
            return 4;
        }
        if (e instanceof UncheckedIOException || e instanceof StoreException
                || e.getClass().getName().contains("Hikari")) {
            err.println("demo: PostgreSQL is not usable: " + root.getMessage()
                    + (jdbcUrl != null ? " (check --jdbc-url, --jdbc-user and --jdbc-password-env)" : ""));
            return 5;
        }
        err.println("demo: failed: " + e.getMessage() + (verbose ? "" : " (--verbose shows the stack trace)"));
        return 1;
    }

    /**
     * The outcome of a run.
     *
     * @param exitCode    the process exit code
     * @param summary     the figures, when the run reached the summary
     * @param interrupted whether the JVM is shutting down (SIGTERM): then nobody may call {@code System.exit}
     */
    public record Result(int exitCode, Optional<DemoSummary> summary, boolean interrupted) {
    }
}
