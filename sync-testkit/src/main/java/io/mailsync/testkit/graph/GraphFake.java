package io.mailsync.testkit.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mailsync.testkit.LoopbackHttp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A local fake of the Microsoft Graph mail API: a real HTTP server on a free port of 127.0.0.1 that serves the same
 * paths, JSON and paging as Graph v1.0 for what mail sync uses, so the official SDK can be pointed at it.
 *
 * <p>Served: {@code GET /me|/users/{id}/mailFolders} ({@code $top}/{@code $skip}), {@code /mailFolders/delta},
 * {@code /mailFolders/{id or well-known name}}, per-folder {@code /mailFolders/{id}/messages/delta} with
 * {@code $select}, {@code Prefer: odata.maxpagesize}, {@code @odata.nextLink}/{@code @odata.deltaLink} as absolute
 * URLs pointing at the fake, {@code @removed} entries, and {@code 410 syncStateNotFound} for expired tokens;
 * {@code /me/messages/delta} answers the real service error. {@code POST/PATCH/DELETE/GET /subscriptions} with the
 * validation handshake against the notification and lifecycle URLs, and change notifications carrying the
 * {@code clientState} on every mailbox change. {@code POST /$batch} (at most 20 requests). Per mailbox: at most
 * {@link Builder#concurrencyLimit(int) 4 concurrent requests} and an optional request budget per window, both
 * answered with 429 and {@code Retry-After}; injected faults ({@link FakeFault}); bearer tokens issued by the fake.
 *
 * <p>Not covered: message bodies other than HTML, attachments, child folders, folder deletion, {@code $filter},
 * {@code $orderby}, {@code $expand}, {@code changeType} filtering of delta, writes to mailboxes through HTTP (use
 * {@link FakeMailbox}), rich notifications (encrypted resource data, validation JWTs), several notifications per
 * POST, Graph's retries of failed notification deliveries, HTTPS (notification URLs may be plain HTTP), and token
 * lifetimes (tokens are valid until {@link #revokeToken revoked}). Delta rounds return newest messages first.
 *
 * <p>Thread-safe. {@link #close()} stops the server.
 */
public final class GraphFake implements AutoCloseable {

    /** Who a bearer token stands for: a user (delegated) or, with {@code userId == null}, the app itself. */
    record TokenInfo(String userId) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ObjectMapper json = new ObjectMapper();
    private final FakeApi api;
    private final FakeDelta delta = new FakeDelta();
    private final FakeSubscriptions subscriptions;
    private final FakeThrottle throttle;
    private final Map<String, FakeMailbox> mailboxes = new ConcurrentHashMap<>();
    private final Map<String, TokenInfo> tokens = new ConcurrentHashMap<>();
    private final List<FakeFault> faults = new ArrayList<>();
    private final Map<FakeFault, Integer> faultUses = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<FakeRequest> requests = new ConcurrentLinkedQueue<>();
    private final Clock clock;
    private final String baseUrl;

    private GraphFake(Builder b) throws IOException {
        this.clock = b.clock;
        this.throttle = new FakeThrottle(b.concurrencyLimit, b.budget, b.budgetWindow, b.latency);
        this.subscriptions = new FakeSubscriptions(json, executor, clock);
        this.api = new FakeApi(this, json);
        this.server = LoopbackHttp.create(1024);
        this.server.setExecutor(executor);
        this.server.createContext("/", this::serve);
        this.server.start();
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0";
    }

    /** A builder: 4 concurrent requests per mailbox, no budget, no latency. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a fake with the defaults. */
    public static GraphFake start() {
        return builder().start();
    }

    /** The base URL to give the SDK: {@code http://127.0.0.1:PORT/v1.0}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The mailbox of {@code userId}, created (with Graph's well-known folders) on first use. */
    public FakeMailbox mailbox(String userId) {
        Objects.requireNonNull(userId, "userId");
        return mailboxes.computeIfAbsent(userId, u -> new FakeMailbox(u, subscriptions::changed));
    }

    /** A delegated token for {@code userId}: valid for {@code /me} and {@code /users/{userId}}. */
    public String issueToken(String userId) {
        mailbox(userId);
        String token = "fake-delegated-" + UUID.randomUUID();
        tokens.put(token, new TokenInfo(userId));
        return token;
    }

    /** An app-only token: valid for every {@code /users/{id}}, not for {@code /me}. */
    public String issueAppToken() {
        String token = "fake-app-" + UUID.randomUUID();
        tokens.put(token, new TokenInfo(null));
        return token;
    }

    /** Makes a token invalid: requests with it get 401 InvalidAuthenticationToken (an expired access token). */
    public void revokeToken(String token) {
        tokens.remove(token);
    }

    /** Expires every delta and skip token: their next use answers 410 Gone with {@code syncStateNotFound}. */
    public void expireDeltaTokens() {
        delta.expireAll();
    }

    /** Answers matching requests with a failure, {@code fault.times()} times. */
    public void injectFault(FakeFault fault) {
        synchronized (faults) {
            faults.add(fault);
            faultUses.put(fault, 0);
        }
    }

    /** Every request served so far, oldest first (batched ones included). */
    public List<FakeRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the request log. */
    public void clearRequests() {
        requests.clear();
    }

    /** The most requests of one mailbox that were ever served at the same time. */
    public int peakConcurrency(String userId) {
        return throttle.peak(userId);
    }

    /** How many requests of a mailbox were refused for exceeding the concurrency limit. */
    public int concurrencyRejections(String userId) {
        return throttle.concurrencyRejections(userId);
    }

    /** The active subscriptions. */
    public List<FakeSubscription> subscriptions() {
        return subscriptions.all();
    }

    /** Notification deliveries so far: subscription, kind, status answered by the endpoint (-1: none), time. */
    public List<String> deliveries() {
        return subscriptions.deliveries().stream().map(d -> d.subscriptionId() + " " + d.kind() + " " + d.status())
                .toList();
    }

    /** Statuses answered by notification endpoints, in delivery order. */
    public List<Integer> deliveryStatuses() {
        return subscriptions.deliveries().stream().map(FakeSubscriptions.Delivery::status).toList();
    }

    /**
     * Sends a lifecycle notification ({@code reauthorizationRequired}, {@code subscriptionRemoved} — which also removes
     * the subscription — or {@code missed}) to the subscription's lifecycle URL.
     *
     * @return whether the subscription exists and has a lifecycle URL
     */
    public boolean sendLifecycleEvent(String subscriptionId, String event) {
        return subscriptions.lifecycle(subscriptionId, event);
    }

    /** Removes a subscription without telling anyone, as when Graph drops it. */
    public void dropSubscription(String subscriptionId) {
        subscriptions.delete(subscriptionId);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ package-private, for FakeApi

    FakeDelta delta() {
        return delta;
    }

    FakeSubscriptions subscriptionsInternal() {
        return subscriptions;
    }

    FakeMailbox existingMailbox(String userId) {
        return mailboxes.get(userId);
    }

    Optional<TokenInfo> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.ofNullable(tokens.get(authorization.substring(7).trim()));
    }

    Optional<FakeFault> takeFault(String path) {
        synchronized (faults) {
            Iterator<FakeFault> it = faults.iterator();
            while (it.hasNext()) {
                FakeFault f = it.next();
                if (path.contains(f.pathContains())) {
                    int used = faultUses.merge(f, 1, Integer::sum);
                    if (used >= f.times()) {
                        it.remove();
                        faultUses.remove(f);
                    }
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    FakeApi.Resp throttled(String userId, FakeApi.Req req, Supplier<FakeApi.Resp> work) {
        return throttle.run(userId, clock.instant(), () -> work.get().rendered(json), api::error);
    }

    void log(FakeApi.Req req, int status) {
        String user = "";
        if (req.path().startsWith("/users/")) {
            int end = req.path().indexOf('/', 7);
            user = end < 0 ? req.path().substring(7) : req.path().substring(7, end);
        }
        requests.add(new FakeRequest(req.method(), req.path(), req.rawQuery(), user, status, clock.instant()));
    }

    static ObjectNode folderJson(FakeMailbox mailbox, FakeMailbox.Folder f) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", f.id());
        n.put("displayName", f.displayName());
        n.put("parentFolderId", "AAMkRoot");
        n.put("childFolderCount", 0);
        List<FakeMessage> messages = mailbox.messages(f.id());
        n.put("unreadItemCount", messages.stream().filter(m -> !m.isRead()).count());
        n.put("totalItemCount", messages.size());
        n.put("isHidden", false);
        return n;
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    // ------------------------------------------------------------------ HTTP

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String rawPath = ex.getRequestURI().getRawPath();
            if (!rawPath.startsWith("/v1.0/")) {
                write(ex, api.error(404, "NotFound", "The fake serves /v1.0 only"));
                return;
            }
            // the SDK calls functions with parentheses (delta()), links and other clients without: both are Graph
            String path = URLDecoder.decode(rawPath.substring(5).replace("+", "%2B"), StandardCharsets.UTF_8)
                    .replace("/delta()", "/delta");
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            byte[] body = ex.getRequestBody().readAllBytes();
            String rawQuery = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
            FakeApi.Req req = new FakeApi.Req(ex.getRequestMethod(), path, parseQuery(rawQuery), rawQuery, headers, body);
            write(ex, api.handle(req, baseUrl));
        } catch (RuntimeException e) {
            write(ex, api.error(500, "InternalServerError", e.toString()));
        }
    }

    private void write(HttpExchange ex, FakeApi.Resp resp) throws IOException {
        resp.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.getResponseHeaders().set("request-id", UUID.randomUUID().toString());
        if (resp.body() == null) {
            ex.sendResponseHeaders(resp.status(), -1);
            return;
        }
        byte[] bytes = resp.bytes() != null ? resp.bytes() : json.writeValueAsBytes(resp.body());
        ex.getResponseHeaders().set("Content-Type",
                "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8");
        ex.sendResponseHeaders(resp.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Configures a {@link GraphFake}. Not thread-safe. */
    public static final class Builder {
        private int concurrencyLimit = 4;
        private int budget = Integer.MAX_VALUE;
        private Duration budgetWindow = Duration.ofMinutes(10);
        private Duration latency = Duration.ZERO;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Concurrent requests served per mailbox before 429 (Graph: 4). */
        public Builder concurrencyLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("concurrencyLimit must be >= 1, was " + limit);
            }
            this.concurrencyLimit = limit;
            return this;
        }

        /** Requests per mailbox per window before 429 with Retry-After until the window ends (Graph: 10,000/10 min). */
        public Builder requestBudget(int requests, Duration window) {
            if (requests < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("requestBudget must be >= 1 per positive window, was "
                        + requests + " per " + window);
            }
            this.budget = requests;
            this.budgetWindow = window;
            return this;
        }

        /**
         * Time each mailbox request takes to serve, while it holds a concurrency slot: its answer is ready this long
         * after the request arrived, the fake's own work included (as a real service's latency includes its work);
         * a request whose work takes longer answers when the work is done.
         */
        public Builder latency(Duration latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /** The clock for subscription expiry and the request log. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Starts the server. */
        public GraphFake start() {
            try {
                return new GraphFake(this);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot start the Graph fake", e);
            }
        }
    }
}
