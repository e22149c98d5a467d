package io.mailsync.testkit.gmail;

import com.sun.net.httpserver.HttpServer;
import io.mailsync.testkit.LoopbackHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local fake of the Gmail API on a free port of 127.0.0.1, for tests and benchmarks that must not reach Google.
 * It speaks the real wire protocol, so the official Java client runs against it unchanged
 * ({@code new Gmail.Builder(...).setRootUrl(fake.rootUrl()).setServicePath("")}):
 * <ul>
 *   <li>{@code users.getProfile}, {@code users.labels.list}, {@code users.messages.list} (≤ 500 a page,
 *   {@code labelIds}, {@code includeSpamTrash}, {@code pageToken}), {@code users.messages.get} (formats
 *   {@code minimal}, {@code metadata} with {@code metadataHeaders}, {@code full}, {@code raw}),
 *   {@code users.history.list} ({@code startHistoryId}, {@code historyTypes}, {@code labelId}, paging; 404 once the
 *   history is expired), {@code users.watch} / {@code users.stop} (gzip-compressed, chunked bodies accepted), at the
 *   Gmail paths ({@code /gmail/v1/users/{userId}/...}, {@code userId} = {@code me} or the address);</li>
 *   <li>batch requests: {@code multipart/mixed} to {@code ROOT/batch} as the Java client 2.x sends them, each part
 *   authorised by its own {@code Authorization} header, replies in request order;</li>
 *   <li>the real JSON shapes, 64-bit numbers ({@code historyId}, {@code internalDate}, {@code expiration}) as JSON
 *   strings, Google's error bodies ({@code {"error":{"code","message","errors":[{"reason"}],"status"}}});</li>
 *   <li>the per-user quota as a token bucket with the documented unit costs (getProfile 1, labels.list 1,
 *   messages.list 5, messages.get 5 (configurable: 20 for new projects), history.list 2, watch 100, stop 50); a call
 *   over budget gets 429 {@code rateLimitExceeded}, inside a batch too;</li>
 *   <li>Cloud Pub/Sub push of watch notifications to an endpoint, with a bearer OIDC token signed by a test key that is
 *   published at {@link #certsUrl()} (JWKS); at most one notification per user per interval (1 s by default, as
 *   Gmail), extra ones dropped;</li>
 *   <li>bearer tokens per mailbox ({@link GmailFakeMailbox#grantToken}); unknown or revoked ones get 401;</li>
 *   <li>injected failures ({@link #failNext(int, int, String)}).</li>
 * </ul>
 * Not covered: {@code q} search (a non-empty {@code q} is answered 400 so a test notices), threads/drafts/settings
 * resources, attachments.get, nested MIME of raw-inserted messages (their body is served as one part), any write
 * API (the sync never writes), Pub/Sub pull (tests use an in-process gRPC server), and daily quotas. Thread-safe.
 */
public final class GmailFake implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final GmailFakeQuota quota;
    private final GmailPushTokens tokens;
    private final GmailFakePubSub pubSub;
    private final Map<String, GmailFakeMailbox> mailboxes = new ConcurrentHashMap<>();
    private final Map<String, GmailFakeMailbox> byToken = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gets = new ConcurrentHashMap<>();
    private final AtomicLong seeds = new AtomicLong(42);
    private final int messageGetCost;

    /** A failure to answer instead of the next API call. */
    record Fault(int status, String reason) {
    }

    private GmailFake(Builder b) {
        this.clock = b.clock;
        this.messageGetCost = b.messageGetCost;
        this.quota = new GmailFakeQuota(b.quotaUnits, b.quotaPer);
        this.tokens = new GmailPushTokens(b.clock);
        this.pubSub = new GmailFakePubSub(this, tokens, b.notificationInterval);
        try {
            this.server = LoopbackHttp.create(256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Gmail fake", e);
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", new GmailFakeApi(this));
        server.start();
    }

    /** A fake with Gmail's older per-user quota (250 units per second) and default costs. */
    public static GmailFake start() {
        return builder().build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The root URL to give the Gmail client ({@code http://127.0.0.1:PORT/}). */
    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The JWKS URL with the key that signs push tokens (Google's is https://www.googleapis.com/oauth2/v3/certs). */
    public String certsUrl() {
        return rootUrl() + "oauth2/v3/certs";
    }

    /** The mailbox of {@code email}, created empty on first use. */
    public GmailFakeMailbox mailbox(String email) {
        return mailboxes.computeIfAbsent(email, e -> new GmailFakeMailbox(e, this, seeds.incrementAndGet()));
    }

    /** The signer of push tokens, to make valid and invalid ones in tests. */
    public GmailPushTokens pushTokens() {
        return tokens;
    }

    /**
     * Delivers the notifications of watches on {@code topicName} to {@code endpoint} (a push subscription), with a
     * token for {@code audience} issued to {@code serviceAccountEmail}.
     */
    public void pushSubscription(String topicName, URI endpoint, String audience, String serviceAccountEmail) {
        pubSub.subscribe(topicName, endpoint, audience, serviceAccountEmail);
    }

    /** Answers the next {@code count} API calls (batch parts included) with {@code status} and {@code reason}. */
    public void failNext(int count, int status, String reason) {
        for (int i = 0; i < count; i++) {
            faults.add(new Fault(status, Objects.requireNonNull(reason, "reason")));
        }
    }

    /** How many calls of {@code method} (e.g. {@code messages.get}, {@code history.list}) the fake has answered. */
    public long calls(String method) {
        AtomicLong n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    /** How many times {@code messages.get} of {@code messageId} in {@code email}'s mailbox was answered (batch parts too). */
    public long messageGets(String email, String messageId) {
        AtomicLong n = gets.get(email + "/" + messageId);
        return n == null ? 0 : n.get();
    }

    /** How many calls were refused with 429 for exceeding the per-user quota. */
    public long quotaRejections() {
        return quota.rejections();
    }

    /** The quota units {@code email} has consumed so far. */
    public long unitsConsumed(String email) {
        return quota.consumed(email);
    }

    /** Push notifications delivered, and dropped by the one-per-interval limit. */
    public long pushesDelivered() {
        return pubSub.delivered();
    }

    @Override
    public void close() {
        server.stop(0);
        pubSub.close();
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- package-private plumbing

    Clock clock() {
        return clock;
    }

    GmailFakeQuota quota() {
        return quota;
    }

    int messageGetCost() {
        return messageGetCost;
    }

    void bindToken(String token, GmailFakeMailbox mailbox) {
        byToken.put(token, mailbox);
    }

    void unbindToken(String token) {
        byToken.remove(token);
    }

    GmailFakeMailbox mailboxForToken(String token) {
        return token == null ? null : byToken.get(token);
    }

    Fault nextFault() {
        return faults.poll();
    }

    void counted(String method) {
        calls.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
    }

    void countedGet(String email, String messageId) {
        gets.computeIfAbsent(email + "/" + messageId, k -> new AtomicLong()).incrementAndGet();
    }

    GmailPushTokens tokens() {
        return tokens;
    }

    void notifyChange(GmailFakeMailbox mailbox, java.util.Set<String> labels) {
        pubSub.changed(mailbox, labels);
    }

    /** Builds a {@link GmailFake}. Not thread-safe. */
    public static final class Builder {
        private long quotaUnits = 250;
        private Duration quotaPer = Duration.ofSeconds(1);
        private int messageGetCost = 5;
        private Clock clock = Clock.systemUTC();
        private Duration notificationInterval = Duration.ofSeconds(1);

        /** The per-user quota: {@code units} per {@code per} (250/s: older projects; 6,000/min: projects from 2026-05). */
        public Builder quota(long units, Duration per) {
            if (units < 1 || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("quota must be >= 1 unit per a positive duration, was " + units
                        + " per " + per);
            }
            this.quotaUnits = units;
            this.quotaPer = per;
            return this;
        }

        /** The unit cost of {@code messages.get}: 5 (documented), 20 as reported for new projects. */
        public Builder messageGetCost(int cost) {
            if (cost < 1) {
                throw new IllegalArgumentException("messageGetCost must be >= 1, was " + cost);
            }
            this.messageGetCost = cost;
            return this;
        }

        /** The clock for internalDate, watch expiry and token times. */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

        /** At most one push per user per interval (Gmail: 1 s); {@link Duration#ZERO} delivers every change. */
        public Builder notificationInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("notificationInterval must not be negative, was " + interval);
            }
            this.notificationInterval = interval;
            return this;
        }

        /** Starts the fake. */
        public GmailFake build() {
            return new GmailFake(this);
        }
    }
}
