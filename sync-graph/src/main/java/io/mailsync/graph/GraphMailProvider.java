package io.mailsync.graph;

import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.core.spi.MailboxSession;
import io.mailsync.graph.internal.GraphConfig;
import io.mailsync.graph.internal.GraphPush;
import io.mailsync.graph.internal.GraphSession;
import io.mailsync.graph.internal.DeltaPageReader;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Microsoft 365 / Outlook mail through Microsoft Graph and its official Java SDK (v6).
 *
 * <p>Folders come from {@code mailFolders/delta} (roles from Graph's well-known names, resolved in one
 * {@code $batch}); each folder is synced with its own delta query ({@code /mailFolders/{id}/messages/delta}). The
 * first delta round is the historical sync; the whole {@code @odata.nextLink}/{@code @odata.deltaLink} URL is the
 * folder's cursor. {@code @removed} entries become deletions; 410 / {@code syncStateNotFound} makes the engine resync
 * the folder; 429/503 become {@link io.mailsync.core.RateLimitedException} with Graph's {@code Retry-After} (short
 * waits are absorbed by the SDK's retry handler); a 401 refreshes the token once through the account's
 * {@link io.mailsync.core.spi.Credentials}, then fails with {@link io.mailsync.core.AuthenticationRequiredException}.
 * At most {@link Builder#maxConcurrentRequests(int) 4} requests per mailbox are in flight. Push is one subscription
 * per synced folder, delivered to the host's {@link GraphWebhookHandler}.
 *
 * <pre>{@code
 * GraphMailProvider graph = GraphMailProvider.builder()
 *         .baseUrl("https://graph.microsoft.com/v1.0")   // or a national cloud, or a test fake
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe: one instance serves every Microsoft account of a {@code MailSync}.
 */
public final class GraphMailProvider implements MailProvider {

    /** Graph's global endpoint. */
    public static final String GLOBAL = "https://graph.microsoft.com/v1.0";
    /** US Government L4. */
    public static final String US_GOV = "https://graph.microsoft.us/v1.0";
    /** US Government L5 (DOD). */
    public static final String US_GOV_DOD = "https://dod-graph.microsoft.us/v1.0";
    /** Microsoft Graph operated by 21Vianet in China. */
    public static final String CHINA = "https://microsoftgraph.chinacloudapi.cn/v1.0";

    private final GraphConfig config;
    private final Map<String, GraphPush> live = new ConcurrentHashMap<>();
    private final GraphPush.Registry registry = new GraphPush.Registry() {
        @Override
        public void register(String subscriptionId, GraphPush push) {
            live.put(subscriptionId, push);
        }

        @Override
        public void unregister(String subscriptionId) {
            live.remove(subscriptionId);
        }
    };

    private GraphMailProvider(GraphConfig config) {
        this.config = config;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Provider provider() {
        return Provider.MICROSOFT;
    }

    @Override
    public MailboxSession open(AccountContext context) {
        return new GraphSession(config, context, registry);
    }

    /** Where this provider keeps its subscriptions: give it to the {@link GraphWebhookHandler}. */
    public GraphSubscriptionStore subscriptionStore() {
        return config.subscriptionStore();
    }

    /** Renews or recreates this provider's subscriptions on Graph's lifecycle notifications. */
    public GraphSubscriptionLifecycle lifecycle() {
        return new GraphSubscriptionLifecycle() {
            @Override
            public void reauthorize(GraphSubscription subscription) {
                GraphPush push = live.get(subscription.id());
                if (push != null) {
                    push.find(subscription.id()).ifPresent(push::renewOne);
                }
            }

            @Override
            public void recreate(GraphSubscription subscription) {
                GraphPush push = live.get(subscription.id());
                if (push != null) {
                    push.find(subscription.id()).ifPresent(push::recreate);
                }
            }
        };
    }

    @Override
    public String toString() {
        return "GraphMailProvider[" + config.baseUrl() + (config.appOnly() ? ", app-only" : ", delegated") + "]";
    }

    /** Configures a {@link GraphMailProvider}; {@link #build()} names the first invalid setting. Not thread-safe. */
    public static final class Builder {
        private String baseUrl = GLOBAL;
        private boolean appOnly;
        private Function<SyncOptions, String> userId = SyncOptions::email;
        private int pageSize = 100;
        private boolean selectHeaders;
        private final List<String> folders = new ArrayList<>();
        private int maxConcurrentRequests = 4;
        private Duration maxInlineRetryDelay = Duration.ofSeconds(2);
        private Duration timeout = Duration.ofSeconds(30);
        private Duration subscriptionLifetime = Duration.ofMinutes(10_080 - 60);
        private Duration renewBefore = Duration.ofHours(12);
        private GraphSubscriptionStore subscriptionStore = new InMemoryGraphSubscriptionStore();

        private Builder() {
        }

        /** Graph's base URL with version: {@link #GLOBAL} (default), a national cloud, or a local fake. */
        public Builder baseUrl(String baseUrl) { this.baseUrl = baseUrl; return this; }

        /** Delegated access: every request goes to {@code /me} (the default). */
        public Builder delegated() { this.appOnly = false; return this; }

        /** App-only access: requests go to {@code /users/{id}}, the id given by {@code userId} (default: the email). */
        public Builder appOnly(Function<SyncOptions, String> userId) {
            this.appOnly = true;
            this.userId = userId;
            return this;
        }

        /** Messages per delta page ({@code Prefer: odata.maxpagesize}), 1 to 1000; default 100. */
        public Builder pageSize(int pageSize) { this.pageSize = pageSize; return this; }

        /** Whether to {@code $select} {@code internetMessageHeaders} too (larger pages); default false. */
        public Builder selectHeaders(boolean selectHeaders) { this.selectHeaders = selectHeaders; return this; }

        /** Folders to sync, by id, well-known name ({@code inbox}, {@code sentitems}...) or display name; default all. */
        public Builder folders(String... folders) { this.folders.addAll(List.of(folders)); return this; }

        /** Concurrent requests per mailbox, 1 to 4 (Graph's limit); default 4. */
        public Builder maxConcurrentRequests(int n) { this.maxConcurrentRequests = n; return this; }

        /** Longest {@code Retry-After} waited out inside a request; longer ones reach the engine. Default 2 s. */
        public Builder maxInlineRetryDelay(Duration d) { this.maxInlineRetryDelay = d; return this; }

        /** Read timeout of one request; default 30 s. */
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }

        /** Lifetime asked for subscriptions, 45 min to 10,080 min; default 10,020 min. */
        public Builder subscriptionLifetime(Duration d) { this.subscriptionLifetime = d; return this; }

        /** How long before expiry subscriptions are renewed; default 12 h. */
        public Builder renewBefore(Duration d) { this.renewBefore = d; return this; }

        /** Where subscriptions are kept for the webhook handler; default in memory. */
        public Builder subscriptionStore(GraphSubscriptionStore store) { this.subscriptionStore = store; return this; }

        /** The provider. */
        public GraphMailProvider build() {
            URI uri = uri(baseUrl);
            require(pageSize >= 1 && pageSize <= 1000, "pageSize must be 1 to 1000, was " + pageSize);
            require(maxConcurrentRequests >= 1 && maxConcurrentRequests <= 4,
                    "maxConcurrentRequests must be 1 to 4 (Graph's limit per mailbox), was " + maxConcurrentRequests);
            require(maxInlineRetryDelay != null && !maxInlineRetryDelay.isNegative(),
                    "maxInlineRetryDelay must be >= 0, was " + maxInlineRetryDelay);
            require(timeout != null && timeout.toMillis() > 0, "timeout must be positive, was " + timeout);
            require(subscriptionLifetime != null && subscriptionLifetime.compareTo(Duration.ofMinutes(45)) >= 0
                            && subscriptionLifetime.compareTo(GraphPush.MAX_LIFETIME) < 0,
                    "subscriptionLifetime must be 45 min to under 10,080 min, was " + subscriptionLifetime);
            require(renewBefore != null && renewBefore.isPositive() && renewBefore.compareTo(subscriptionLifetime) < 0,
                    "renewBefore must be positive and shorter than subscriptionLifetime, was " + renewBefore);
            require(subscriptionStore != null, "subscriptionStore must be set");
            require(userId != null, "userId must be set for app-only access");
            List<String> select = new ArrayList<>(DeltaPageReader.SELECT);
            if (selectHeaders) {
                select.add("internetMessageHeaders");
            }
            Set<String> wanted = folders.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            String base = uri.toString().endsWith("/") ? uri.toString().substring(0, uri.toString().length() - 1)
                    : uri.toString();
            return new GraphMailProvider(new GraphConfig(base, appOnly, userId, pageSize, List.copyOf(select), wanted,
                    maxConcurrentRequests, maxInlineRetryDelay, timeout, subscriptionLifetime, renewBefore,
                    subscriptionStore));
        }

        private static URI uri(String baseUrl) {
            require(baseUrl != null, "baseUrl must be set");
            URI uri;
            try {
                uri = URI.create(Objects.requireNonNull(baseUrl));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl must be a URL, was " + baseUrl, e);
            }
            require(("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null,
                    "baseUrl must be an http(s) URL with a host, was " + baseUrl);
            return uri;
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
