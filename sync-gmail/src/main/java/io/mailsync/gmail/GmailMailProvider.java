package io.mailsync.gmail;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.gmail.Gmail;
import io.mailsync.core.AccountId;
import io.mailsync.core.Provider;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.core.spi.MailboxSession;
import io.mailsync.gmail.internal.GmailAuth;
import io.mailsync.gmail.internal.GmailCalls;
import io.mailsync.gmail.internal.GmailSession;
import io.mailsync.gmail.internal.GmailSettings;
import io.mailsync.gmail.internal.QuotaPacer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Gmail provider, on the official Java client ({@code google-api-services-gmail}).
 *
 * <p>One cursor covers the whole mailbox ({@link io.mailsync.core.FolderId#MAILBOX}): the historical round reads the
 * mailbox's {@code historyId} first, then lists messages (≤ 500 ids a page) and fetches them with batch requests
 * (≤ 50 calls each); afterwards {@code history.list} reads the changes since the stored historyId. Every call is
 * paced to the account's {@link GmailQuota} with Google's documented unit costs, so a historical sync of N messages
 * takes about {@link #estimatedHistoricalDuration(long)} and is not throttled. Labels become the message's flags.
 * Needs only the {@code https://www.googleapis.com/auth/gmail.readonly} scope and never modifies the mailbox
 * ({@code users.watch}/{@code users.stop} work with that scope too).
 *
 * <pre>{@code
 * GmailMailProvider gmail = GmailMailProvider.builder()
 *         .quota(GmailQuota.PER_MINUTE_6000)        // projects created from 2026-05-01
 *         .format(GmailMessageFormat.FULL)
 *         .build();
 * }</pre>
 *
 * Thread-safe; one instance serves every Gmail account of the host.
 */
public final class GmailMailProvider implements MailProvider {

    /** The share of the quota the provider leaves unused, so client/server timing never overruns it. */
    public static final double QUOTA_HEADROOM = 0.05;

    private final String rootUrl;
    private final GmailSettings settings;
    private final HttpTransport transport;
    private final boolean ownsTransport;
    private final Duration requestTimeout;
    private final Map<AccountId, QuotaPacer> pacers = new ConcurrentHashMap<>();

    private GmailMailProvider(Builder b) {
        this.rootUrl = b.rootUrl;
        this.settings = new GmailSettings(b.quota, b.batchSize, b.format, b.labelFilter, b.includeSpamTrash,
                Optional.ofNullable(b.topic));
        this.transport = b.transport != null ? b.transport : new NetHttpTransport();
        this.ownsTransport = b.transport == null;
        this.requestTimeout = b.requestTimeout;
    }

    /** A builder with Gmail's defaults (root https://gmail.googleapis.com/, legacy quota, metadata, batches of 50). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Provider provider() {
        return Provider.GOOGLE;
    }

    @Override
    public MailboxSession open(AccountContext context) {
        AccountId id = context.accountId();
        Gmail gmail = new Gmail.Builder(transport, GsonFactory.getDefaultInstance(),
                new GmailAuth(context.credentials(), requestTimeout))
                .setRootUrl(rootUrl).setServicePath("").setApplicationName("mailsync").build();
        QuotaPacer pacer = pacers.computeIfAbsent(id, a -> new QuotaPacer(settings.quota(), QUOTA_HEADROOM));
        GmailCalls calls = new GmailCalls(gmail, pacer, settings.quota(), id, effectiveBatchSize(),
                settings.format().wireName());
        return new GmailSession(id, calls, settings, context.clock());
    }

    /**
     * The batch size used: the configured one, but a batch never costs more than half the quota's burst, so the
     * server's bucket (refilled faster than the paced client spends) always has room for the next batch even when
     * client and server clocks jitter. Legacy quota, messages.get at 5 units: 25 calls a batch.
     */
    public int effectiveBatchSize() {
        GmailQuota q = settings.quota();
        int byBurst = (int) (q.burstUnits() / (2L * q.messageGetCost()));
        return Math.max(1, Math.min(settings.batchSize(), byBurst));
    }

    /** The quota budget the provider paces each account to. */
    public GmailQuota quota() {
        return settings.quota();
    }

    /** Quota units reserved for {@code accountId} so far (what was spent or is about to be). */
    public long unitsUsed(AccountId accountId) {
        QuotaPacer p = pacers.get(accountId);
        return p == null ? 0 : p.unitsReserved();
    }

    /**
     * How long a historical sync of {@code messages} messages takes at this provider's quota budget: the
     * messages.get and messages.list units divided by the paced rate (e.g. 10,000 messages: about 3.5 minutes at the
     * legacy quota, 8.8 minutes at 6,000 units per minute, 35 minutes when messages.get costs 20).
     */
    public Duration estimatedHistoricalDuration(long messages) {
        GmailQuota q = settings.quota();
        double units = messages * (double) q.messageGetCost() + Math.ceil(messages / 500.0) * 5 + 1;
        double seconds = units / (q.unitsPerSecond() * (1 - QUOTA_HEADROOM));
        return Duration.ofMillis((long) (seconds * 1000));
    }

    @Override
    public void close() {
        if (ownsTransport) {
            try {
                transport.shutdown();
            } catch (java.io.IOException e) {
                // the JDK transport holds nothing that can fail to close
            }
        }
    }

    /** Builds a {@link GmailMailProvider}; {@link #build()} validates and names a bad field. Not thread-safe. */
    public static final class Builder {
        private String rootUrl = Gmail.DEFAULT_ROOT_URL;
        private GmailQuota quota = GmailQuota.LEGACY;
        private int batchSize = 50;
        private GmailMessageFormat format = GmailMessageFormat.METADATA;
        private List<String> labelFilter = List.of();
        private boolean includeSpamTrash;
        private String topic;
        private HttpTransport transport;
        private Duration requestTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The API root, e.g. a {@code GmailFake}'s {@code http://127.0.0.1:PORT/}. Must end with '/'. */
        public Builder rootUrl(String rootUrl) { this.rootUrl = rootUrl; return this; }

        /** The per-user quota budget to pace to (default {@link GmailQuota#LEGACY}). */
        public Builder quota(GmailQuota quota) { this.quota = quota; return this; }

        /** messages.get calls per batch request, 1..50 (Google allows 100 but advises at most 50). */
        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }

        /** The messages.get format (default {@link GmailMessageFormat#METADATA}). */
        public Builder format(GmailMessageFormat format) { this.format = format; return this; }

        /** Sync only messages carrying all of these label ids (e.g. {@code INBOX}); empty: every message. */
        public Builder labelFilter(List<String> labelIds) { this.labelFilter = List.copyOf(labelIds); return this; }

        /** Whether SPAM and TRASH are synced too (default false, like Gmail's own listing). */
        public Builder includeSpamTrash(boolean include) { this.includeSpamTrash = include; return this; }

        /** The Pub/Sub topic ({@code projects/P/topics/T}) for watch when the engine's push target names none. */
        public Builder watchTopic(String topic) { this.topic = topic; return this; }

        /** The HTTP transport (default: a JDK {@code NetHttpTransport} owned and closed by the provider). */
        public Builder transport(HttpTransport transport) { this.transport = transport; return this; }

        /** Connect and read timeout of each request (default 60 s). */
        public Builder requestTimeout(Duration timeout) { this.requestTimeout = timeout; return this; }

        /** The provider; throws {@link IllegalArgumentException} naming the first invalid field. */
        public GmailMailProvider build() {
            require(rootUrl != null && rootUrl.matches("https?://.+/"), "rootUrl must be an http(s) URL ending with '/', was "
                    + rootUrl);
            Objects.requireNonNull(quota, "quota");
            require(batchSize >= 1 && batchSize <= 50, "batchSize must be in 1..50, was " + batchSize);
            Objects.requireNonNull(format, "format");
            require(topic == null || topic.matches("projects/[^/]+/topics/[^/]+"),
                    "watchTopic must look like projects/PROJECT/topics/TOPIC, was " + topic);
            require(requestTimeout != null && !requestTimeout.isNegative() && !requestTimeout.isZero(),
                    "requestTimeout must be positive, was " + requestTimeout);
            return new GmailMailProvider(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
