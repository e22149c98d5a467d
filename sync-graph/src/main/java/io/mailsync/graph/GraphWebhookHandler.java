package io.mailsync.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailsync.core.TriggerSource;
import io.mailsync.graph.internal.TriggerThrottle;
import io.mailsync.core.spi.TriggerSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The host's Graph webhook endpoint, as a plain Java method the host mounts in its own HTTP layer (servlet, JAX-RS,
 * Spring, Vert.x, {@code com.sun.net.httpserver}): it takes the method, query parameters, headers and body and
 * returns the status, content type and body to send.
 *
 * <ul>
 *   <li>Validation handshake: a request with {@code validationToken} is answered 200 {@code text/plain} with exactly
 *       the decoded token and {@code X-Content-Type-Options: nosniff} (never as HTML).</li>
 *   <li>Change notifications: each item's subscription is looked up in the {@link GraphSubscriptionStore} and its
 *       {@code clientState} compared in constant time; a valid one only calls
 *       {@link TriggerSink#trigger} for its account and folder (the engine coalesces and syncs later). Unknown
 *       subscriptions are ignored; a request whose items all carry a wrong {@code clientState} gets 403.</li>
 *   <li>Lifecycle notifications: {@code reauthorizationRequired} renews the subscription, {@code subscriptionRemoved}
 *       recreates it and syncs the folder, {@code missed} syncs the folder. Renewal and recreation run off the
 *       request thread.</li>
 *   <li>Bodies over the size limit get 413, malformed JSON 400, methods other than POST 405. Answers 202 otherwise,
 *       without waiting for any sync.</li>
 * </ul>
 *
 * <p>Thread-safe; one instance serves every request.
 */
public final class GraphWebhookHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GraphWebhookHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_VALIDATION_TOKEN = 4096;

    private final GraphSubscriptionStore subscriptions;
    private final TriggerSink triggers;
    private final GraphSubscriptionLifecycle lifecycle;
    private final Executor lifecycleExecutor;
    private final int maxBodyBytes;
    private final TriggerThrottle throttle;

    private GraphWebhookHandler(Builder b) {
        this.subscriptions = b.subscriptions;
        this.triggers = b.triggers;
        this.lifecycle = b.lifecycle;
        this.lifecycleExecutor = b.lifecycleExecutor;
        this.maxBodyBytes = b.maxBodyBytes;
        this.throttle = new TriggerThrottle(b.minTriggerInterval, triggers);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Handles one request to the notification or lifecycle URL.
     *
     * @return what to answer; never throws for bad input
     */
    public WebhookResponse handle(WebhookRequest request) {
        Optional<String> token = request.queryParameter("validationToken");
        if (token.isPresent()) {
            if (token.get().length() > MAX_VALIDATION_TOKEN) {
                return WebhookResponse.text(400, "validationToken too long");
            }
            return WebhookResponse.text(200, token.get());
        }
        if (!request.method().equalsIgnoreCase("POST")) {
            return WebhookResponse.text(405, "method not allowed");
        }
        if (request.body().length > maxBodyBytes) {
            return WebhookResponse.text(413, "body too large");
        }
        JsonNode value;
        try {
            value = JSON.readTree(request.body()).get("value");
        } catch (JsonProcessingException e) {
            return WebhookResponse.text(400, "malformed JSON");
        } catch (IOException e) {
            return WebhookResponse.text(400, "unreadable body");
        }
        if (value == null || !value.isArray()) {
            return WebhookResponse.text(400, "no value array");
        }
        int accepted = 0;
        int forged = 0;
        for (JsonNode item : value) {
            switch (accept(item)) {
                case ACCEPTED -> accepted++;
                case FORGED -> forged++;
                case IGNORED -> { }
            }
        }
        if (forged > 0 && accepted == 0) {
            return WebhookResponse.text(403, "clientState mismatch");
        }
        return WebhookResponse.empty(202);
    }

    private enum Outcome { ACCEPTED, FORGED, IGNORED }

    private Outcome accept(JsonNode item) {
        String subscriptionId = item.path("subscriptionId").textValue();
        if (subscriptionId == null) {
            return Outcome.IGNORED;
        }
        Optional<GraphSubscription> found = subscriptions.find(subscriptionId);
        if (found.isEmpty()) {
            LOG.debug("notification for unknown Graph subscription {} ignored", subscriptionId);
            return Outcome.IGNORED;
        }
        GraphSubscription s = found.get();
        String clientState = item.path("clientState").textValue();
        if (clientState == null || !MessageDigest.isEqual(clientState.getBytes(StandardCharsets.UTF_8),
                s.clientState().getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("Graph notification for subscription {} of account {} has a wrong clientState; ignored",
                    subscriptionId, s.accountId());
            return Outcome.FORGED;
        }
        String event = item.path("lifecycleEvent").textValue();
        if (event == null) {
            throttle.trigger(s.accountId(), s.folderId());
            return Outcome.ACCEPTED;
        }
        switch (event) {
            case "reauthorizationRequired" -> lifecycleExecutor.execute(() -> lifecycle.reauthorize(s));
            case "subscriptionRemoved" -> {
                lifecycleExecutor.execute(() -> lifecycle.recreate(s));
                triggers.trigger(s.accountId(), s.folderId(), TriggerSource.LIFECYCLE);
            }
            case "missed" -> triggers.trigger(s.accountId(), s.folderId(), TriggerSource.LIFECYCLE);
            default -> LOG.info("unknown Graph lifecycle event {} for subscription {} ignored", event, subscriptionId);
        }
        return Outcome.ACCEPTED;
    }

    /** Configures a {@link GraphWebhookHandler}. Not thread-safe. */
    public static final class Builder {
        private GraphSubscriptionStore subscriptions;
        private TriggerSink triggers;
        private GraphSubscriptionLifecycle lifecycle = GraphSubscriptionLifecycle.NONE;
        private Executor lifecycleExecutor = Executors.newVirtualThreadPerTaskExecutor();
        private int maxBodyBytes = 1 << 20;
        private java.time.Duration minTriggerInterval = java.time.Duration.ofSeconds(1);

        private Builder() {
        }

        /** The provider's subscriptions ({@link GraphMailProvider#subscriptionStore()}). Required. */
        public Builder subscriptions(GraphSubscriptionStore store) { this.subscriptions = store; return this; }

        /** Where syncs are asked for: the {@code MailSync}. Required. */
        public Builder triggers(TriggerSink triggers) { this.triggers = triggers; return this; }

        /** Renewal and recreation on lifecycle events ({@link GraphMailProvider#lifecycle()}); default none. */
        public Builder lifecycle(GraphSubscriptionLifecycle lifecycle) { this.lifecycle = lifecycle; return this; }

        /** Runs lifecycle renewals off the request thread; default a virtual thread per task. */
        public Builder lifecycleExecutor(Executor executor) { this.lifecycleExecutor = executor; return this; }

        /** Largest body accepted, in bytes; default 1 MiB (Graph's notification batches are far smaller). */
        public Builder maxBodyBytes(int max) { this.maxBodyBytes = max; return this; }

        /**
         * Change notifications of one folder trigger at most one sync per interval: the first at once, the others
         * folded into one trailing trigger at the interval's end (a storm of notifications costs two delta calls).
         * Default 1 s; zero passes every notification to the engine's own coalescing.
         */
        public Builder minTriggerInterval(java.time.Duration interval) { this.minTriggerInterval = interval; return this; }

        /** The handler; names the first missing or invalid setting. */
        public GraphWebhookHandler build() {
            Objects.requireNonNull(subscriptions, "subscriptions must be set");
            Objects.requireNonNull(triggers, "triggers must be set");
            Objects.requireNonNull(lifecycle, "lifecycle must be set");
            Objects.requireNonNull(lifecycleExecutor, "lifecycleExecutor must be set");
            if (minTriggerInterval == null || minTriggerInterval.isNegative()) {
                throw new IllegalArgumentException("minTriggerInterval must be >= 0, was " + minTriggerInterval);
            }
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 1024, was " + maxBodyBytes);
            }
            return new GraphWebhookHandler(this);
        }
    }
}
