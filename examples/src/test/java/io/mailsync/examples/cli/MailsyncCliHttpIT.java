package io.mailsync.examples.cli;

import io.mailsync.testkit.gmail.GmailFake;
import io.mailsync.testkit.gmail.GmailFakeMailbox;
import io.mailsync.testkit.graph.FakeMailbox;
import io.mailsync.testkit.graph.FakeMessage;
import io.mailsync.testkit.graph.GraphFake;
import io.mailsync.testkit.postgres.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mailsync sync graph} and {@code sync gmail} against the test kit's fakes, over real HTTP. */
class MailsyncCliHttpIT {

    private final Map<String, String> env = new HashMap<>();

    private String[] args(String... command) {
        String[] jdbc = MailsyncCliImapIT.jdbcArgs(TestPostgres.shared(), env);
        String[] all = Arrays.copyOf(command, command.length + jdbc.length);
        System.arraycopy(jdbc, 0, all, command.length, jdbc.length);
        return all;
    }

    @Test
    void syncsAGraphMailboxThroughTheBaseUrl() {
        try (GraphFake fake = GraphFake.start()) {
            FakeMailbox box = fake.mailbox("bob");
            Instant t = Instant.parse("2026-03-01T10:00:00Z");
            for (int i = 0; i < 12; i++) {
                box.add(i % 3 == 0 ? "sentitems" : "inbox", FakeMessage.builder().subject("graph " + i)
                        .bodyPreview("preview " + i).from("Ada Lovelace", "ada@example.org").to("bob@example.com")
                        .receivedDateTime(t.plusSeconds(60L * i)).build());
            }
            env.put("GRAPH_TOKEN", fake.issueToken("bob"));

            CliRun run = CliRun.run(env, args("sync", "graph", "--token-env", "GRAPH_TOKEN", "--base-url",
                    fake.baseUrl(), "--user", "bob@example.com", "--schema", "cli_graph"));

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("historical sync: 12 new", "the store holds 12 messages of graph:bob@example.com");
        }
    }

    @Test
    void aRevokedGraphTokenIsExitCode3() {
        try (GraphFake fake = GraphFake.start()) {
            String token = fake.issueToken("bob");
            fake.revokeToken(token);
            env.put("GRAPH_TOKEN", token);

            CliRun run = CliRun.run(env, args("sync", "graph", "--token-env", "GRAPH_TOKEN", "--base-url",
                    fake.baseUrl(), "--user", "bob@example.com", "--schema", "cli_graph_revoked"));

            assertThat(run.exitCode()).isEqualTo(ExitCode.AUTH);
            assertThat(run.errorLine()).startsWith("mailsync: " + fake.baseUrl() + " rejected the credentials")
                    .endsWith("check the token in GRAPH_TOKEN (--token-env)");
        }
    }

    @Test
    void syncsAGmailMailboxThroughTheRootUrl() {
        try (GmailFake fake = GmailFake.builder().quota(100_000, Duration.ofSeconds(1)).build()) {
            GmailFakeMailbox box = fake.mailbox("alice@example.com").grantToken("gmail-token");
            box.insertMany(15);
            env.put("GMAIL_TOKEN", "gmail-token");

            CliRun run = CliRun.run(env, args("sync", "gmail", "--token-env", "GMAIL_TOKEN", "--root-url",
                    fake.rootUrl(), "--user", "alice@example.com", "--schema", "cli_gmail"));

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("historical sync: 15 new",
                    "the store holds 15 messages of gmail:alice@example.com");
        }
    }

    @Test
    void aMissingTokenVariableIsExitCode2() {
        CliRun run = CliRun.run(env, "sync", "gmail", "--token-env", "NO_TOKEN", "--root-url", "http://127.0.0.1:9/");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLine()).isEqualTo("mailsync: the environment variable NO_TOKEN (--token-env) is not set");
    }
}
