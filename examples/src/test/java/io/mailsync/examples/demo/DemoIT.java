package io.mailsync.examples.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo end to end: GreenMail, embedded PostgreSQL, historical sync, real time, summary, everything stopped. */
class DemoIT {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Demo.Result run(String... args) {
        return Demo.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.<String, String>of()::get);
    }

    @Test
    void syncsTheSeededMailboxShowsNewMailArrivingAndStopsEverything() {
        Demo.Result result = run("--duration", "6", "--interval", "1", "--messages", "200");

        assertThat(result.exitCode()).as("stderr: %s", err).isZero();
        DemoSummary summary = result.summary().orElseThrow();
        assertThat(summary.seededTotal()).isEqualTo(200);
        assertThat(summary.historicalInserted()).isEqualTo(200);
        assertThat(summary.seededPerFolder()).containsKeys("INBOX", "Sent", "Archive");
        summary.seededPerFolder().forEach((folder, seeded) -> {
            long expected = folder.equals("INBOX") ? seeded + summary.delivered() : seeded;
            assertThat(summary.storedPerFolder().get(folder)).as("stored in %s", folder).isEqualTo(expected);
        });
        assertThat(summary.delivered()).isGreaterThanOrEqualTo(3);
        assertThat(summary.arrivalLatencies()).hasSize((int) summary.delivered());
        assertThat(summary.latencyPercentile(99)).isPresent();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("historical sync stored 200 messages", "new mail \"", "category ", "summary",
                "arrival latency", "closed:");
        assertThat(listening(summary.imapPort())).as("GreenMail stopped").isFalse();
        assertThat(listening((int) summary.postgresPort().orElseThrow())).as("PostgreSQL stopped").isFalse();
    }

    @Test
    void aTakenImapPortIsOneClearLineAndExitCode4() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Demo.Result result = run("--imap-port", Integer.toString(taken.getLocalPort()), "--duration", "1");

            assertThat(result.exitCode()).isEqualTo(4);
            assertThat(err.toString(StandardCharsets.UTF_8).strip())
                    .isEqualTo("demo: port " + taken.getLocalPort() + " is already in use on 127.0.0.1: choose another "
                            + "with --imap-port (0 = any free port)");
        }
    }

    @Test
    void aBadOptionIsOneLineAndExitCode2() {
        Demo.Result result = run("--duration", "soon");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).singleElement().asString()
                .startsWith("demo: ").contains("--duration").contains("soon");
        assertThat(result.summary()).isEmpty();
    }

    @Test
    void aMissingPasswordVariableIsOneLineAndExitCode2() {
        Demo.Result result = run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x", "--jdbc-password-env", "NO_SUCH_VAR");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("demo: the environment variable NO_SUCH_VAR (--jdbc-password-env) is not set");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
