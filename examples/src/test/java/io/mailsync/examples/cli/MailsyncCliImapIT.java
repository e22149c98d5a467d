package io.mailsync.examples.cli;

import io.mailsync.examples.demo.DemoMailbox;
import io.mailsync.testkit.corpus.MailCorpus;
import io.mailsync.testkit.postgres.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mailsync sync imap}, {@code status} and {@code reset} against GreenMail, and what bad input gives. */
class MailsyncCliImapIT {

    private static final String PASSWORD = "s3cret";
    private static final Map<String, String> ENV = new java.util.HashMap<>(Map.of("IMAP_PW", PASSWORD, "WRONG_PW", "nope"));

    private static DemoMailbox mailbox;
    private static String port;
    private static String[] jdbc;

    @BeforeAll
    static void start() {
        mailbox = DemoMailbox.start(0, PASSWORD);
        mailbox.seed(MailCorpus.builder().seed(11).owner(DemoMailbox.EMAIL).build().iterator(40), n -> { });
        port = Integer.toString(mailbox.port());
        jdbc = jdbcArgs(TestPostgres.shared(), ENV);
    }

    /** The store options for the test JVM's shared PostgreSQL (the password, if any, through the environment). */
    static String[] jdbcArgs(TestPostgres pg, Map<String, String> env) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--jdbc-url", pg.jdbcUrl()));
        if (pg.user() != null) {
            args.addAll(java.util.List.of("--jdbc-user", pg.user()));
        }
        if (pg.password() != null) {
            env.put("PG_PW", pg.password());
            args.addAll(java.util.List.of("--jdbc-password-env", "PG_PW"));
        }
        return args.toArray(String[]::new);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @AfterAll
    static void stop() {
        mailbox.close();
    }

    private static CliRun imap(String... extra) {
        String[] base = {"sync", "imap", "--host", "127.0.0.1", "--port", port, "--user", DemoMailbox.USER,
                "--tls", "none"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.run(ENV, args);
    }

    @Test
    void syncsIntoAnEmbeddedDatabaseThatStatusAndResetSeeLater(@TempDir Path dataDir) {
        String dir = dataDir.resolve("pg").toString();

        CliRun sync = imap("--password-env", "IMAP_PW", "--data-dir", dir);
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("historical sync: 40 new, 0 updated, 0 deleted",
                "the store holds 40 messages of imap:demo@127.0.0.1");

        CliRun status = CliRun.run(ENV, "status", "--data-dir", dir);
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("imap:demo@127\\.0\\.0\\.1\\s+IMAP\\s+\\S+\\s+40\\s+[1-9]");

        CliRun reset = CliRun.run(ENV, "reset", "--account", "imap:demo@127.0.0.1", "--data-dir", dir);
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("reset imap:demo@127.0.0.1: the cursors of", "the 40 stored messages");

        CliRun after = CliRun.run(ENV, "status", "--account", "imap:demo@127.0.0.1", "--data-dir", dir);
        assertThat(after.out()).containsPattern("imap:demo@127\\.0\\.0\\.1\\s+IMAP\\s+\\S+\\s+40\\s+0\\s");
    }

    @Test
    void followsNewMailUntilFollowForElapses() throws Exception {
        Thread delivery = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(6_000);
            } catch (InterruptedException e) {
                return;
            }
            mailbox.deliver(("From: Ada <ada@example.org>\r\nTo: demo@example.com\r\nSubject: while following\r\n"
                    + "Message-ID: <follow-1@example.org>\r\n\r\nhello\r\n").getBytes());
        });
        CliRun run = imap(concat(jdbc, "--password-env", "IMAP_PW", "--schema", "cli_follow",
                "--folders", "INBOX", "--follow", "--follow-for", "12", "--poll", "5"));
        delivery.join();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("following imap:demo@127.0.0.1 in real time",
                "new: [INBOX] \"while following\" from ada@example.org", "stopping (--follow-for elapsed)");
    }

    @Test
    void resettingAnUnknownAccountIsExitCode2AndOneLine() {
        CliRun run = CliRun.run(ENV, concat(new String[] {"reset", "--account", "nobody", "--schema", "cli_unknown"},
                jdbc));

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLine()).startsWith("mailsync: no account nobody in PostgreSQL at ")
                .endsWith(": `mailsync status` lists them");
    }

    @Test
    void aWrongPasswordIsExitCode3AndOneLine() {
        CliRun run = imap(concat(jdbc, "--password-env", "WRONG_PW", "--schema", "cli_wrong"));

        assertThat(run.exitCode()).isEqualTo(ExitCode.AUTH);
        assertThat(run.errorLine()).startsWith("mailsync: 127.0.0.1:" + port + " rejected the credentials")
                .endsWith("check --user and --password-env (WRONG_PW)");
    }

    @Test
    void anUnreachablePortIsExitCode4AndOneLine() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CliRun run = CliRun.run(ENV, concat(new String[] {"sync", "imap", "--host", "127.0.0.1", "--port",
                Integer.toString(closed), "--user", "demo", "--password-env", "IMAP_PW", "--tls", "none",
                "--schema", "cli_unreachable"}, jdbc));

        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.errorLine()).startsWith("mailsync: cannot reach 127.0.0.1:" + closed);
    }

    @Test
    void tlsAgainstAPlainServerIsExitCode4AndOneLine() {
        CliRun run = CliRun.run(ENV, concat(new String[] {"sync", "imap", "--host", "127.0.0.1", "--port", port,
                "--user", DemoMailbox.USER, "--password-env", "IMAP_PW", "--tls", "tls", "--timeout", "5",
                "--schema", "cli_tls"}, jdbc));

        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.errorLine()).startsWith("mailsync: TLS with 127.0.0.1:" + port + " failed");
    }

    @Test
    void aMissingEnvironmentVariableIsExitCode2AndOneLine() {
        CliRun run = imap("--password-env", "NOT_SET");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLine()).isEqualTo("mailsync: the environment variable NOT_SET (--password-env) is not set");
    }

    @Test
    void aBadOptionIsExitCode2AndOneLine() {
        CliRun run = CliRun.run(ENV, "sync", "imap", "--host", "h", "--user", "u", "--password-env", "IMAP_PW",
                "--tls", "sometimes");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLine()).startsWith("mailsync: ").contains("--tls").contains("sometimes");
    }

    @Test
    void noStackTraceUnlessVerbose() {
        CliRun quiet = imap(concat(jdbc, "--password-env", "WRONG_PW", "--schema", "cli_verbose"));
        CliRun verbose = imap(concat(jdbc, "--password-env", "WRONG_PW", "--schema", "cli_verbose", "--verbose"));

        assertThat(quiet.err()).doesNotContain("\tat ");
        assertThat(verbose.exitCode()).isEqualTo(ExitCode.AUTH);
        assertThat(verbose.err()).contains("\tat ");
    }
}
