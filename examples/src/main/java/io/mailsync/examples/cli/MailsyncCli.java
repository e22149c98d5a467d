package io.mailsync.examples.cli;

import io.mailsync.examples.demo.Logging;
import io.mailsync.examples.demo.ShutdownSignal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code mailsync}, the command line: sync an IMAP, Microsoft Graph or Gmail mailbox into PostgreSQL (historical
 * sync with a progress line, then real time with {@code --follow}), show the accounts' status, reset an account's
 * sync state. Secrets come from environment variables. A bad option or an unreachable server gives one line naming
 * what to fix and an {@link ExitCode}; {@code --verbose} adds logs and stack traces.
 *
 * <pre>
 * java -cp examples/target/examples-*.jar:... io.mailsync.examples.cli.MailsyncCli sync imap --host imap.example.org \
 *      --user alice --password-env IMAP_PASSWORD --follow
 * </pre>
 */
@Command(name = "mailsync", mixinStandardHelpOptions = true, version = "mailsync 0.1.0-SNAPSHOT",
        description = "Syncs mailboxes (IMAP, Microsoft Graph, Gmail) into PostgreSQL.",
        subcommands = {SyncCommand.class, StatusCommand.class, ResetCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 ok   1 sync error   2 usage (bad option, missing env var, unknown account)",
                  "  3 authentication   4 unreachable server / TLS   5 PostgreSQL"})
public final class MailsyncCli implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "log what the library does; stack traces")
    boolean verboseOption;

    @Spec
    CommandSpec spec;

    final PrintStream out;
    final PrintStream err;
    final UnaryOperator<String> env;
    final boolean verbose;

    private MailsyncCli(PrintStream out, PrintStream err, UnaryOperator<String> env, boolean verbose) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.verbose = verbose;
    }

    /**
     * Runs the command line and exits with its {@link ExitCode}.
     *
     * @param args the command line (see {@code --help})
     */
    public static void main(String[] args) {
        Logging.quiet(args);
        int code = execute(args, System.out, System.err, Map.copyOf(System.getenv())::get);
        if (!ShutdownSignal.jvmIsStopping()) {
            System.exit(code);
        }
    }

    /**
     * Runs one command.
     *
     * @param args the command line
     * @param out  standard output (progress, tables)
     * @param err  where error lines go
     * @param env  the environment variables (secrets are read from it)
     * @return the {@link ExitCode}
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, UnaryOperator<String> env) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        MailsyncCli root = new MailsyncCli(out, err, env, verbose);
        CommandLine cl = new CommandLine(root)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, a) -> {
                    err.println("mailsync: " + e.getMessage() + " (see "
                            + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
                    return ExitCode.USAGE;
                })
                .setExecutionExceptionHandler((e, c, p) -> root.failed(e));
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: sync, status or reset");
    }

    private int failed(Exception e) {
        if (e instanceof CommandLine.ParameterException pe) {
            err.println("mailsync: " + pe.getMessage() + " (see mailsync --help)");
            return ExitCode.USAGE;
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        if (e instanceof CliFailure f) {
            err.println("mailsync: " + f.getMessage());
            return f.exitCode();
        }
        err.println("mailsync: unexpected failure: " + Failures.rootMessage(e)
                + (verbose ? "" : " (--verbose shows the stack trace)"));
        return ExitCode.SYNC_ERROR;
    }
}
