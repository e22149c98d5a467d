package io.mailsync.examples.host;

import com.sun.net.httpserver.HttpServer;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.spi.AccountStore;
import io.mailsync.gmail.GmailPushHandler;
import io.mailsync.graph.GraphWebhookHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How a host wires mailsync into its HTTP layer, on the JDK's {@code com.sun.net.httpserver} (no framework): the
 * routes of the seed application, each a few lines over the library's API.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>route</th><th>what it does</th></tr>
 *   <tr><td>{@code POST /api/webhooks/microsoft-graph}</td><td>Graph change notifications and the validation
 *       handshake ({@code ?validationToken=}) → {@link GraphWebhookHandler}</td></tr>
 *   <tr><td>{@code POST /api/webhooks/microsoft-graph/lifecycle}</td><td>Graph lifecycle notifications → the same
 *       handler</td></tr>
 *   <tr><td>{@code POST /api/webhooks/gmail-pubsub}</td><td>Pub/Sub push (OIDC JWT verified) →
 *       {@link GmailPushHandler}</td></tr>
 *   <tr><td>{@code POST /api/emails/graph/sync}, {@code /api/emails/gmail/sync}, {@code /api/email/sync-to-database}
 *       </td><td>historical sync of a user's accounts ({@code userId}, {@code limit}); 202 + status</td></tr>
 *   <tr><td>{@code /api/admin/...}</td><td>status, restart, reset, dead letters; bearer token</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>Prometheus text format: the engine's meters and the host's</td></tr>
 * </table>
 *
 * <p>Requests run on virtual threads. Bodies over {@link Builder#maxBodyBytes} get 413; host routes answer errors as
 * {@code {"error": "..."}} JSON. Thread-safe; {@link #close()} stops the server (not the {@code MailSync}, which the
 * host owns) and is idempotent.
 */
public final class HostServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);

    private final HttpServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ExecutorService executor;

    private HostServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (the one chosen by the system when 0 was configured). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://HOST:PORT} followed by {@code path}. */
    public String url(String path) {
        return "http://" + server.getAddress().getHostString() + ":" + port() + path;
    }

    /** Stops accepting requests, lets running ones finish for up to a second. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(1);
        executor.close();
    }

    /** Configures and starts a {@link HostServer}; {@link #start()} names the first missing setting. Not thread-safe. */
    public static final class Builder {
        private MailSync mailSync;
        private AccountStore accounts;
        private PrometheusMeterRegistry registry;
        private String adminToken;
        private GraphWebhookHandler graph;
        private GmailPushHandler gmail;
        private String bindAddress = "127.0.0.1";
        private int port;
        private int maxBodyBytes = 1 << 20;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The running engine. Required. */
        public Builder mailSync(MailSync mailSync) { this.mailSync = mailSync; return this; }

        /** The account store given to the engine, to list accounts and find a user's. Required. */
        public Builder accountStore(AccountStore accounts) { this.accounts = accounts; return this; }

        /** The registry given to {@code MailSync.builder().meterRegistry(...)}, served at {@code /metrics}. Required. */
        public Builder meterRegistry(PrometheusMeterRegistry registry) { this.registry = registry; return this; }

        /** The admin routes' bearer token, at least 16 characters (use a random one). Required. */
        public Builder adminToken(String token) { this.adminToken = token; return this; }

        /** Mounts the Graph webhook routes; without it they answer 404. */
        public Builder graphWebhook(GraphWebhookHandler handler) { this.graph = handler; return this; }

        /** Mounts the Gmail push route; without it it answers 404. */
        public Builder gmailPush(GmailPushHandler handler) { this.gmail = handler; return this; }

        /** The address to listen on; default 127.0.0.1 (put a TLS-terminating proxy in front for the public). */
        public Builder bindAddress(String address) { this.bindAddress = address; return this; }

        /** The port; default 0 (any free port). */
        public Builder port(int port) { this.port = port; return this; }

        /** The largest request body accepted, 1 KiB to 16 MiB; default 1 MiB. */
        public Builder maxBodyBytes(int max) { this.maxBodyBytes = max; return this; }

        /** The clock of the expiry gauges; default UTC. */
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /**
         * Binds the port and starts serving.
         *
         * @throws IllegalArgumentException naming the first invalid setting
         * @throws UncheckedIOException     when the port cannot be bound (for example, in use)
         */
        public HostServer start() {
            Objects.requireNonNull(mailSync, "mailSync must be set");
            Objects.requireNonNull(accounts, "accountStore must be set");
            Objects.requireNonNull(registry, "meterRegistry must be set");
            Objects.requireNonNull(clock, "clock must be set");
            BearerToken token = new BearerToken(adminToken);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            if (maxBodyBytes < 1024 || maxBodyBytes > 16 << 20) {
                throw new IllegalArgumentException("maxBodyBytes must be 1 KiB to 16 MiB, was " + maxBodyBytes);
            }
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(Objects.requireNonNull(bindAddress,
                        "bindAddress must be set"), port), 256);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
            }
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            mount(server, token);
            server.start();
            LOG.info("host listening on http://{}:{}", bindAddress, server.getAddress().getPort());
            return new HostServer(server, executor);
        }

        private void mount(HttpServer server, BearerToken token) {
            AccountStatuses statuses = new AccountStatuses(mailSync, accounts);
            HostMetrics metrics = new HostMetrics(registry, statuses, clock);
            WebhookRoutes webhooks = new WebhookRoutes(metrics, maxBodyBytes);
            SyncRoutes sync = new SyncRoutes(mailSync, statuses, maxBodyBytes);
            Route notFound = ex -> {
                throw HttpError.notFound("no such route");
            };
            server.createContext("/", notFound.guarded(null, "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"));
            if (graph != null) {
                String path = "/api/webhooks/microsoft-graph";
                server.createContext(path, webhooks.graph(graph, "graph").guarded(path, "POST"));
                server.createContext(path + "/lifecycle",
                        webhooks.graph(graph, "graph-lifecycle").guarded(path + "/lifecycle", "POST"));
            }
            if (gmail != null) {
                String path = "/api/webhooks/gmail-pubsub";
                server.createContext(path, webhooks.gmail(gmail).guarded(path, "POST"));
            }
            mountSync(server, sync, "/api/emails/graph/sync", Provider.MICROSOFT);
            mountSync(server, sync, "/api/emails/gmail/sync", Provider.GOOGLE);
            mountSync(server, sync, "/api/email/sync-to-database", null);
            server.createContext("/api/admin/",
                    new AdminRoutes(mailSync, statuses, token, maxBodyBytes).route().guarded(null, "GET", "POST", "DELETE"));
            Route scrape = ex -> Exchanges.send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                    registry.scrape().getBytes(StandardCharsets.UTF_8));
            server.createContext("/metrics", scrape.guarded("/metrics", "GET"));
        }

        private static void mountSync(HttpServer server, SyncRoutes sync, String path, Provider provider) {
            server.createContext(path, sync.historicalSync(provider).guarded(path, "POST"));
        }
    }
}
