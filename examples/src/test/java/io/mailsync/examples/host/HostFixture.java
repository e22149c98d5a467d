package io.mailsync.examples.host;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig;
import io.mailsync.core.AccountId;
import io.mailsync.core.ProcessingOptions;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;
import io.mailsync.imap.ImapSecurity;
import io.mailsync.testkit.gmail.GmailFake;
import io.mailsync.testkit.graph.GraphFake;
import io.mailsync.testkit.imap.GreenMailImap;
import io.mailsync.testkit.postgres.TestPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One host for the whole test JVM, wired by {@link HostApp} exactly as {@link HostMain} wires it, but against the test
 * kit's Graph fake, Gmail fake (which pushes signed Pub/Sub messages to the host's route), GreenMail and the shared
 * PostgreSQL. Tests use their own accounts. Closed when the JVM exits.
 */
final class HostFixture {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    static final String TOPIC = "projects/host-it/topics/gmail";
    static final String AUDIENCE = "https://host.example.com/api/webhooks/gmail-pubsub";
    static final String PUSHER = "push-sa@host-it.iam.gserviceaccount.com";
    /** The host user whose messages no processor can process. */
    static final String POISONED_USER = "user-frank";

    private static HostFixture shared;

    final GraphFake graph = GraphFake.start();
    final GmailFake gmail = GmailFake.builder().quota(100_000, Duration.ofSeconds(1)).build();
    final GreenMailImap imap = GreenMailImap.start();
    final HostApp app;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HostFixture() {
        TestPostgres pg = TestPostgres.shared();
        int port = freePort();
        String publicUrl = "http://127.0.0.1:" + port;
        HostConfig config = HostConfig.builder()
                .jdbc(pg.jdbcUrl(), pg.user(), pg.password()).schema(pg.newSchemaName("host"))
                .credentialKeyset(keyset()).port(port).publicUrl(publicUrl).adminToken(ADMIN_TOKEN)
                .graphBaseUrl(graph.baseUrl())
                .gmailRootUrl(gmail.rootUrl()).gmailTopic(TOPIC).gmailPush(AUDIENCE, PUSHER).gmailCertsUrl(gmail.certsUrl())
                .imap(imap.host(), imap.port(), ImapSecurity.PLAIN)
                .graphStateKey(aesKey()) // subscriptions in PostgreSQL, as several instances would share them
                .build();
        app = HostApp.start(config, b -> b.backoff(Duration.ofMillis(50), Duration.ofSeconds(2))
                .processor(new FailingProcessor())
                .processing(ProcessingOptions.builder().maxAttempts(1).historicalDeferral(Duration.ZERO).build()));
        gmail.pushSubscription(TOPIC, URI.create(publicUrl + HostApp.GMAIL_PUSH_PATH), AUDIENCE, PUSHER);
    }

    /** A processor that fails every batch of {@value #POISONED_USER}'s accounts, so their jobs are dead-lettered. */
    private static final class FailingProcessor implements EmailProcessor {
        @Override
        public String name() {
            return "always-failing";
        }

        @Override
        public boolean isEnabledFor(SyncOptions options) {
            return options.userId().equals(POISONED_USER);
        }

        @Override
        public List<ProcessingOutput> process(ProcessingBatch batch) {
            throw new IllegalStateException("this processor always fails");
        }
    }

    /** The JVM's host, started on first use. */
    static synchronized HostFixture shared() {
        if (shared == null) {
            shared = new HostFixture();
            HostFixture f = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                f.app.close();
                f.graph.close();
                f.gmail.close();
                f.imap.close();
            }, "host-fixture-stop"));
        }
        return shared;
    }

    String url(String path) {
        return app.server().url(path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    HttpResponse<String> postJson(String path, String json, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    /** The sum of the Prometheus samples of {@code name} whose labels contain every {@code label="value"} given. */
    double metric(String name, String... labels) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$")
                .matcher(app.registry().scrape());
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    long stored(AccountId account) {
        return app.store().count(account);
    }

    private static KeysetHandle keyset() {
        try {
            AeadConfig.register();
            return HostMain.newKeyset();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static javax.crypto.SecretKey aesKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return new javax.crypto.spec.SecretKeySpec(key, "AES");
    }
}
