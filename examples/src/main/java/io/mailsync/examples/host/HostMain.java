package io.mailsync.examples.host;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.mailsync.core.AccountId;
import io.mailsync.core.MailSyncException;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.Credential;
import io.mailsync.imap.ImapSecurity;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs the host example: {@code ./mvnw -pl examples -am package exec:java -Ddemo.mainClass=io.mailsync.examples.host.HostMain}.
 *
 * <p>With no configuration it starts an embedded PostgreSQL and a GreenMail IMAP server seeded with a few hundred
 * messages, registers that IMAP account for user {@code demo-user}, and prints the routes with ready-to-paste
 * {@code curl} commands. Environment variables (all optional):
 * <ul>
 *   <li>{@code MAILSYNC_JDBC_URL}, {@code MAILSYNC_JDBC_USER}, {@code MAILSYNC_JDBC_PASSWORD}: an existing PostgreSQL;</li>
 *   <li>{@code MAILSYNC_CREDENTIAL_KEYSET}: a Tink AEAD keyset (JSON) encrypting stored credentials; without it a new
 *       one is made per run, so credentials stored by an earlier run cannot be read;</li>
 *   <li>{@code MAILSYNC_GRAPH_STATE_KEY}: base64 of a 16- or 32-byte AES key; Graph subscriptions (and their
 *       {@code clientState}, sealed with it) are then kept in PostgreSQL for every instance behind the URL;</li>
 *   <li>{@code MAILSYNC_HTTP_BIND} (127.0.0.1), {@code MAILSYNC_HTTP_PORT} (8080), {@code MAILSYNC_PUBLIC_URL} (the
 *       public HTTPS URL Graph and Pub/Sub call), {@code MAILSYNC_ADMIN_TOKEN} (random when unset, printed once);</li>
 *   <li>{@code MAILSYNC_GRAPH_BASE_URL}, {@code MAILSYNC_GMAIL_ROOT_URL}, {@code MAILSYNC_GMAIL_TOPIC},
 *       {@code MAILSYNC_GMAIL_PUSH_AUDIENCE} + {@code MAILSYNC_GMAIL_PUSH_SERVICE_ACCOUNT} (mount the push route);</li>
 *   <li>{@code MAILSYNC_IMAP_HOST}, {@code MAILSYNC_IMAP_PORT}, {@code MAILSYNC_IMAP_SECURITY} (TLS, STARTTLS, PLAIN),
 *       {@code MAILSYNC_IMAP_USER}, {@code MAILSYNC_IMAP_PASSWORD}, {@code MAILSYNC_IMAP_EMAIL}: a real IMAP account
 *       instead of GreenMail.</li>
 * </ul>
 * {@code --duration <seconds>} stops it after that long; otherwise it runs until Ctrl-C. A bad setting prints one line
 * naming it and exits with status 2.
 */
public final class HostMain {

    private static final String USER_ID = "demo-user";

    private HostMain() {
    }

    /** Starts the host; see the class comment for the settings. */
    public static void main(String[] args) throws InterruptedException {
        try {
            run(System::getenv, parseDuration(args));
        } catch (IllegalArgumentException | UncheckedIOException | MailSyncException e) {
            System.err.println("mailsync host: " + e.getMessage());
            System.exit(2);
        }
    }

    static Duration parseDuration(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--duration")) {
                if (i + 1 == args.length || !args[i + 1].matches("\\d{1,9}")) {
                    throw new IllegalArgumentException("--duration needs a number of seconds");
                }
                return Duration.ofSeconds(Long.parseLong(args[i + 1]));
            }
            throw new IllegalArgumentException("unknown option " + args[i] + " (only --duration <seconds>)");
        }
        return null;
    }

    private static void run(UnaryOperator<String> env, Duration duration) throws InterruptedException {
        HostEmbedded embedded = HostEmbedded.start(env);
        String token = env.apply("MAILSYNC_ADMIN_TOKEN");
        boolean generatedToken = token == null || token.isBlank();
        if (generatedToken) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        HostConfig config = config(env, embedded, token);
        HostApp app;
        try {
            app = HostApp.start(config, b -> b.listener(HostMain::print));
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            embedded.close();
            stopped.countDown();
        }, "host-stop"));
        registerImapAccount(app, env, embedded);
        int resumed = app.mailSync().startAllSyncs();
        printRoutes(app.server(), generatedToken ? token : null, resumed);
        if (duration != null) {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            System.exit(0);
        }
        stopped.await();
    }

    private static HostConfig config(UnaryOperator<String> env, HostEmbedded embedded, String token) {
        HostConfig.Builder b = HostConfig.builder()
                .jdbc(embedded.jdbcUrl(), embedded.jdbcUser(), embedded.jdbcPassword())
                .credentialKeyset(keyset(env.apply("MAILSYNC_CREDENTIAL_KEYSET")))
                .bindAddress(or(env, "MAILSYNC_HTTP_BIND", "127.0.0.1"))
                .port(integer(or(env, "MAILSYNC_HTTP_PORT", "8080"), "MAILSYNC_HTTP_PORT"))
                .publicUrl(env.apply("MAILSYNC_PUBLIC_URL"))
                .adminToken(token)
                .graphBaseUrl(or(env, "MAILSYNC_GRAPH_BASE_URL", "https://graph.microsoft.com/v1.0"))
                .gmailRootUrl(or(env, "MAILSYNC_GMAIL_ROOT_URL", "https://gmail.googleapis.com/"))
                .gmailTopic(env.apply("MAILSYNC_GMAIL_TOPIC"))
                .gmailPush(env.apply("MAILSYNC_GMAIL_PUSH_AUDIENCE"), env.apply("MAILSYNC_GMAIL_PUSH_SERVICE_ACCOUNT"))
                .graphStateKey(aesKey(env.apply("MAILSYNC_GRAPH_STATE_KEY")));
        if (embedded.greenMail() != null) {
            b.imap(embedded.greenMail().host(), embedded.greenMail().port(), ImapSecurity.PLAIN);
        } else if (env.apply("MAILSYNC_IMAP_HOST") != null) {
            ImapSecurity security = security(or(env, "MAILSYNC_IMAP_SECURITY", "TLS"));
            b.imap(env.apply("MAILSYNC_IMAP_HOST"), integer(or(env, "MAILSYNC_IMAP_PORT",
                    Integer.toString(security.defaultPort())), "MAILSYNC_IMAP_PORT"), security);
        }
        return b.build();
    }

    private static void registerImapAccount(HostApp app, UnaryOperator<String> env, HostEmbedded embedded) {
        String user = embedded.greenMail() != null ? HostEmbedded.IMAP_USER : env.apply("MAILSYNC_IMAP_USER");
        if (user == null || (embedded.greenMail() == null && env.apply("MAILSYNC_IMAP_HOST") == null)) {
            return;
        }
        String password = embedded.greenMail() != null ? HostEmbedded.IMAP_PASSWORD : env.apply("MAILSYNC_IMAP_PASSWORD");
        if (password == null) {
            throw new IllegalArgumentException("MAILSYNC_IMAP_PASSWORD must be set with MAILSYNC_IMAP_USER");
        }
        String email = or(env, "MAILSYNC_IMAP_EMAIL", user.contains("@") ? user : user + "@localhost");
        AccountId id = AccountId.of("imap-" + user.toLowerCase(Locale.ROOT));
        app.store().save(id, Credential.password(user, password));
        app.mailSync().registerAccount(SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId(USER_ID)
                .email(email).pollingInterval(Duration.ofSeconds(30)).build());
    }

    private static void printRoutes(HostServer server, String generatedToken, int resumed) {
        String base = server.url("");
        String auth = "-H \"Authorization: Bearer " + (generatedToken != null ? generatedToken : "$MAILSYNC_ADMIN_TOKEN")
                + "\"";
        System.out.println("""

                mailsync host example on %1$s (%2$d account(s) resumed real-time sync)
                  historical sync of a user's accounts (202 + status):
                    curl -X POST %1$s/api/email/sync-to-database -H 'Content-Type: application/json' \\
                         -d '{"userId":"%3$s","limit":100}'
                    (also /api/emails/graph/sync and /api/emails/gmail/sync for that provider only)
                  admin (bearer token):
                    curl %4$s %1$s/api/admin/sync-status
                    curl -X POST %4$s %1$s/api/admin/accounts/{id}/restart-sync
                    curl -X DELETE %4$s %1$s/api/admin/accounts/{id}/sync-state
                    curl %4$s %1$s/api/admin/dead-letters
                    curl -X POST %4$s %1$s/api/admin/dead-letters/requeue -d '{"jobIds":[1]}'
                  metrics: curl %1$s/metrics
                  webhooks (called by Graph and Pub/Sub through MAILSYNC_PUBLIC_URL):
                    POST %1$s%5$s   POST %1$s%6$s
                Ctrl-C stops it.""".formatted(base, resumed, USER_ID, auth, HostApp.GRAPH_WEBHOOK_PATH,
                HostApp.GMAIL_PUSH_PATH));
    }

    private static void print(SyncEvent event) {
        if (event instanceof SyncEvent.StatusChanged s) {
            System.out.println("[host] account " + s.accountId() + ": " + s.from() + " -> " + s.to());
        }
    }

    /** The Graph clientState key: base64 of 16 or 32 random bytes; none keeps subscriptions in memory. */
    private static SecretKey aesKey(String base64) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(base64.trim());
            if (key.length != 16 && key.length != 32) {
                throw new IllegalArgumentException("MAILSYNC_GRAPH_STATE_KEY must be base64 of 16 or 32 bytes, had "
                        + key.length);
            }
            return new SecretKeySpec(key, "AES");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MAILSYNC_GRAPH_STATE_KEY is not a base64 AES key: " + e.getMessage(), e);
        }
    }

    private static KeysetHandle keyset(String json) {
        try {
            AeadConfig.register();
            if (json == null || json.isBlank()) {
                return newKeyset();
            }
            return TinkJsonProtoKeysetFormat.parseKeyset(json, RegistryConfiguration.get(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("MAILSYNC_CREDENTIAL_KEYSET is not a Tink AEAD keyset: " + e.getMessage(), e);
        }
    }

    /** A new AES-256-GCM keyset (call {@code AeadConfig.register()} first). */
    static KeysetHandle newKeyset() throws GeneralSecurityException {
        return KeysetHandle.newBuilder().addEntry(KeysetHandle.generateEntryFromParameters(
                PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary()).build();
    }

    private static ImapSecurity security(String value) {
        try {
            return ImapSecurity.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MAILSYNC_IMAP_SECURITY must be TLS, STARTTLS or PLAIN, was " + value, e);
        }
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was " + value, e);
        }
    }

    private static String or(UnaryOperator<String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
