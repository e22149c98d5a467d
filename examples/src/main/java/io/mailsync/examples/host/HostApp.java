package io.mailsync.examples.host;

import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.spi.PushTarget;
import io.mailsync.gmail.GmailAccountLookup;
import io.mailsync.gmail.GmailMailProvider;
import io.mailsync.gmail.GmailPushHandler;
import io.mailsync.graph.GraphMailProvider;
import io.mailsync.graph.GraphSubscriptionStore;
import io.mailsync.graph.InMemoryGraphSubscriptionStore;
import io.mailsync.graph.JdbcGraphSubscriptionStore;
import io.mailsync.graph.GraphWebhookHandler;
import io.mailsync.imap.ImapMailProvider;
import io.mailsync.jdbc.JdbcMailStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A whole host, wired the way a production application would wire mailsync: a {@link JdbcMailStore} over
 * PostgreSQL, the Graph, Gmail and (when configured) IMAP providers, one {@link MailSync} recording its meters in a
 * Prometheus registry, the providers' webhook handlers, and the {@link HostServer} routes in front.
 *
 * <pre>{@code
 * try (HostApp app = HostApp.start(config, b -> b.processor(myClassifier))) {
 *     app.mailSync().startRealTimeSync(options);   // accounts come from the host's own sign-up flow
 * }
 * }</pre>
 *
 * <p>After a restart, {@link MailSync#startAllSyncs()} resumes every account whose real-time sync was on. Thread-safe;
 * {@link #close()} stops the server, then the engine (and its providers), then the store's pool. Idempotent.
 */
public final class HostApp implements AutoCloseable {

    /** Path of the Graph notification route; the lifecycle route is this plus {@code /lifecycle}. */
    public static final String GRAPH_WEBHOOK_PATH = "/api/webhooks/microsoft-graph";
    /** Path of the Gmail Pub/Sub push route. */
    public static final String GMAIL_PUSH_PATH = "/api/webhooks/gmail-pubsub";

    private final JdbcMailStore store;
    private final PrometheusMeterRegistry registry;
    private final MailSync mailSync;
    private final HostServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HostApp(JdbcMailStore store, PrometheusMeterRegistry registry, MailSync mailSync, HostServer server) {
        this.store = store;
        this.registry = registry;
        this.mailSync = mailSync;
        this.server = server;
    }

    /**
     * Builds everything from {@code config} and starts serving.
     *
     * @param customizer adds what is the host's own to the engine: processors, listeners, a token refresher
     * @throws IllegalArgumentException naming an invalid setting
     * @throws io.mailsync.core.StoreException when the database cannot be reached or migrated
     * @throws java.io.UncheckedIOException when the HTTP port cannot be bound
     */
    public static HostApp start(HostConfig config, Consumer<MailSync.Builder> customizer) {
        JdbcMailStore store = JdbcMailStore.builder().jdbcUrl(config.jdbcUrl())
                .username(config.jdbcUser().orElse(null)).password(config.jdbcPassword().orElse(null))
                .schema(config.schema()).credentialKeyset(config.credentialKeyset()).build();
        MailSync mailSync = null;
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            GraphSubscriptionStore subscriptions = config.graphStateKey()
                    .<GraphSubscriptionStore>map(key -> JdbcGraphSubscriptionStore.builder(store.dataSource())
                            .schema(config.schema()).encryptionKey(key).build())
                    .orElseGet(InMemoryGraphSubscriptionStore::new);
            GraphMailProvider graph = GraphMailProvider.builder().baseUrl(config.graphBaseUrl())
                    .subscriptionStore(subscriptions).build();
            MailSync.Builder builder = MailSync.builder().store(store).meterRegistry(registry).provider(graph)
                    .provider(GmailMailProvider.builder().rootUrl(config.gmailRootUrl()).build());
            config.imapHost().ifPresent(host -> builder.provider(ImapMailProvider.builder().host(host)
                    .port(config.imapPort()).security(config.imapSecurity()).build()));
            config.publicUrl().ifPresent(url -> builder.pushTarget(Provider.MICROSOFT, new PushTarget(
                    Optional.of(url + GRAPH_WEBHOOK_PATH), Optional.of(url + GRAPH_WEBHOOK_PATH + "/lifecycle"),
                    Optional.empty())));
            config.gmailTopic().ifPresent(topic -> builder.pushTarget(Provider.GOOGLE,
                    new PushTarget(Optional.empty(), Optional.empty(), Optional.of(topic))));
            builder.shutdownTimeout(Duration.ofSeconds(5));
            customizer.accept(builder);
            mailSync = builder.build();
            HostServer.Builder server = HostServer.builder().mailSync(mailSync).accountStore(store)
                    .meterRegistry(registry).adminToken(config.adminToken())
                    .bindAddress(config.bindAddress()).port(config.port())
                    .graphWebhook(GraphWebhookHandler.builder().subscriptions(graph.subscriptionStore())
                            .triggers(mailSync).lifecycle(graph.lifecycle()).build());
            if (config.gmailPushAudience().isPresent()) {
                server.gmailPush(GmailPushHandler.builder().audience(config.gmailPushAudience().get())
                        .serviceAccountEmail(config.gmailPushAccount().orElseThrow())
                        .certsUrl(config.gmailCertsUrl()).triggerSink(mailSync)
                        .accountLookup(GmailAccountLookup.scanning(store)).build());
            }
            return new HostApp(store, registry, mailSync, server.start());
        } catch (RuntimeException e) {
            if (mailSync != null) {
                mailSync.close();
            }
            store.close();
            throw e;
        }
    }

    /** The engine: register accounts, start syncs, read statuses. */
    public MailSync mailSync() {
        return mailSync;
    }

    /** The PostgreSQL store (accounts, credentials, messages, queue). */
    public JdbcMailStore store() {
        return store;
    }

    /** The registry served at {@code /metrics}. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The HTTP server. */
    public HostServer server() {
        return server;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        mailSync.close();
        store.close();
        registry.close();
    }
}
