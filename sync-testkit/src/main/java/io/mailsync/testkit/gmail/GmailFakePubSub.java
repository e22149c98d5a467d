package io.mailsync.testkit.gmail;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cloud Pub/Sub push as Gmail uses it: a change in a watched mailbox publishes {@code {emailAddress, historyId}} on
 * the watch's topic; each push subscription of the topic POSTs it to its endpoint with a signed OIDC bearer token.
 * At most one notification per user per interval; extra ones are dropped, as Gmail does. Like Pub/Sub, a
 * subscription reuses its token for a while ({@link #TOKEN_REUSE}, well inside the token's one-hour life) instead of
 * signing one per push. Thread-safe.
 */
final class GmailFakePubSub implements AutoCloseable {

    /** How long a subscription's token is reused before a new one is signed. */
    static final Duration TOKEN_REUSE = Duration.ofMinutes(10);

    private record Subscription(URI endpoint, String audience, String serviceAccount) {
    }

    private record Minted(String token, Instant at) {
    }

    private final GmailFake fake;
    private final GmailPushTokens tokens;
    private final Duration interval;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();
    private final Map<Subscription, Minted> minted = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong messageIds = new AtomicLong(2_000_000_000_000L);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().executor(executor).build();

    GmailFakePubSub(GmailFake fake, GmailPushTokens tokens, Duration interval) {
        this.fake = fake;
        this.tokens = tokens;
        this.interval = interval;
    }

    void subscribe(String topic, URI endpoint, String audience, String serviceAccount) {
        subscriptions.put(topic, new Subscription(endpoint, audience, serviceAccount));
    }

    void changed(GmailFakeMailbox mailbox, Set<String> labels) {
        GmailFakeMailbox.Watch watch = mailbox.activeWatch().orElse(null);
        if (watch == null) {
            return;
        }
        boolean matches = watch.labelIds().isEmpty()
                || (watch.include() == labels.stream().anyMatch(watch.labelIds()::contains));
        Subscription sub = subscriptions.get(watch.topicName());
        if (!matches || sub == null) {
            return;
        }
        Instant now = fake.clock().instant();
        Instant[] allowed = {null};
        lastSent.compute(mailbox.email(), (k, last) -> {
            if (last == null || !now.isBefore(last.plus(interval))) {
                allowed[0] = now;
                return now;
            }
            return last;
        });
        if (allowed[0] == null) {
            return; // over Gmail's one notification per second per user: dropped
        }
        ObjectNode data = GmailFakeApi.MAPPER.createObjectNode().put("emailAddress", mailbox.email())
                .put("historyId", mailbox.historyId());
        String id = Long.toString(messageIds.incrementAndGet());
        ObjectNode body = GmailFakeApi.MAPPER.createObjectNode();
        body.putObject("message")
                .put("data", Base64.getEncoder().encodeToString(data.toString().getBytes(StandardCharsets.UTF_8)))
                .put("messageId", id).put("message_id", id)
                .put("publishTime", now.toString()).put("publish_time", now.toString());
        body.put("subscription", watch.topicName().replace("/topics/", "/subscriptions/") + "-push");
        HttpRequest request = HttpRequest.newBuilder(sub.endpoint())
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token(sub, now))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
            if (r.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
            }
        });
    }

    private String token(Subscription sub, Instant now) {
        return minted.compute(sub, (k, m) -> m != null && !now.isBefore(m.at()) && now.isBefore(m.at().plus(TOKEN_REUSE))
                ? m : new Minted(tokens.token(sub.audience(), sub.serviceAccount()), now)).token();
    }

    long delivered() {
        return delivered.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
