package io.mailsync.testkit.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The routes of the fake Graph API: one request in, one response out, independent of the HTTP server. */
final class FakeApi {

    /** A request, path after {@code /v1.0}, decoded query, header names in lower case. */
    record Req(String method, String path, Map<String, String> query, String rawQuery, Map<String, String> headers,
               byte[] body) {
    }

    /** A response; {@code body} is JSON or {@code null}; {@code bytes} its serialized form once rendered, else null. */
    record Resp(int status, Map<String, String> headers, JsonNode body, byte[] bytes) {
        Resp(int status, Map<String, String> headers, JsonNode body) {
            this(status, headers, body, null);
        }

        static Resp json(int status, JsonNode body) {
            return new Resp(status, Map.of(), body);
        }

        /** This response with its body serialized, so the work is done inside the request's latency. */
        Resp rendered(ObjectMapper json) {
            if (body == null || bytes != null) {
                return this;
            }
            try {
                return new Resp(status, headers, body, json.writeValueAsBytes(body));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static final Pattern MAILBOX = Pattern.compile("/(me|users/([^/]+))(/.*)?");
    private static final Pattern FOLDER = Pattern.compile("/mailFolders(?:\\('([^']+)'\\)|/([^/]+))(/.*)?",
            Pattern.CASE_INSENSITIVE);
    private static final int DEFAULT_PAGE_SIZE = 10;
    /** Outlook runs at most 4 requests of a JSON batch at once. */
    private static final int BATCH_PARALLELISM = 4;

    private final GraphFake fake;
    private final ObjectMapper json;

    FakeApi(GraphFake fake, ObjectMapper json) {
        this.fake = fake;
        this.json = json;
    }

    /** Serves one request and records it in the fake's request log. */
    Resp handle(Req req, String linkBase) throws IOException {
        Resp resp = route(req, linkBase);
        fake.log(req, resp.status());
        return resp;
    }

    private Resp route(Req req, String linkBase) throws IOException {
        Optional<GraphFake.TokenInfo> token = fake.authenticate(req.headers().get("authorization"));
        if (token.isEmpty()) {
            return error(401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
        }
        Optional<FakeFault> fault = fake.takeFault(req.path());
        if (fault.isPresent()) {
            Resp e = error(fault.get().status(), fault.get().code(), "Injected fault");
            return fault.get().retryAfter().map(d -> new Resp(e.status(),
                    Map.of("Retry-After", Long.toString(Math.max(0, d.toSeconds()))), e.body())).orElse(e);
        }
        if (req.path().equals("/$batch") && req.method().equals("POST")) {
            return batch(req, token.get(), linkBase);
        }
        if (req.path().startsWith("/subscriptions")) {
            return subscriptions(req, token.get());
        }
        Matcher m = MAILBOX.matcher(req.path());
        if (!m.matches()) {
            return error(400, "BadRequest", "Resource not found for the segment '" + req.path() + "'.");
        }
        String user = m.group(2) != null ? m.group(2) : token.get().userId();
        if (user == null) {
            return error(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
        }
        if (token.get().userId() != null && !token.get().userId().equals(user)) {
            return error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        }
        FakeMailbox mailbox = fake.existingMailbox(user);
        if (mailbox == null) {
            return error(404, "ErrorInvalidUser", "The requested user '" + user + "' is invalid.");
        }
        String prefix = m.group(2) != null ? "/users/" + user : "/me";
        String rest = m.group(3) == null ? "" : m.group(3);
        return fake.throttled(user, req, () -> mailboxRoute(req, mailbox, prefix, rest, linkBase));
    }

    private Resp mailboxRoute(Req req, FakeMailbox mailbox, String prefix, String rest, String linkBase) {
        if (!req.method().equals("GET")) {
            return error(405, "BadRequest", "The fake serves reads of mailboxes only; change them through FakeMailbox.");
        }
        if (rest.equalsIgnoreCase("/messages/delta")) {
            return error(400, "BadRequest",
                    "Unsupported request: Change tracking is not supported against 'microsoft.graph.message'.");
        }
        if (rest.equalsIgnoreCase("/mailFolders")) {
            return listFolders(req, mailbox, prefix, linkBase);
        }
        if (rest.equalsIgnoreCase("/mailFolders/delta")) {
            String token = Optional.ofNullable(req.query().get("$deltatoken")).orElse(req.query().get("$skiptoken"));
            ObjectNode page = token == null ? fake.delta().startFolders(mailbox, prefix, linkBase, pageSize(req, 100))
                    : fake.delta().resumeFolders(mailbox, token, linkBase);
            return page == null ? syncStateNotFound(linkBase + prefix + "/mailFolders/delta") : Resp.json(200, page);
        }
        Matcher f = FOLDER.matcher(rest);
        if (!f.matches()) {
            return error(400, "BadRequest", "Resource not found for the segment '" + rest + "'.");
        }
        String name = f.group(1) != null ? f.group(1) : f.group(2);
        Optional<String> folderId = mailbox.resolveFolder(name);
        if (folderId.isEmpty()) {
            return error(404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }
        String tail = f.group(3) == null ? "" : f.group(3);
        if (tail.isEmpty()) {
            FakeMailbox.Folder folder = mailbox.folders().stream().filter(x -> x.id().equals(folderId.get()))
                    .findFirst().orElseThrow();
            return Resp.json(200, GraphFake.folderJson(mailbox, folder));
        }
        if (tail.equalsIgnoreCase("/messages/delta")) {
            return messagesDelta(req, mailbox, folderId.get(), prefix, linkBase);
        }
        return error(400, "BadRequest", "The fake does not serve " + rest);
    }

    private Resp messagesDelta(Req req, FakeMailbox mailbox, String folderId, String prefix, String linkBase) {
        String token = Optional.ofNullable(req.query().get("$deltatoken")).orElse(req.query().get("$skiptoken"));
        if (token == null) {
            Set<String> select = new HashSet<>();
            Optional.ofNullable(req.query().get("$select")).ifPresent(s -> Arrays.stream(s.split(","))
                    .map(x -> x.trim().toLowerCase(Locale.ROOT)).filter(x -> !x.isEmpty()).forEach(select::add));
            return withPreference(req, Resp.json(200, fake.delta().startMessages(mailbox, folderId, prefix, linkBase,
                    select, pageSize(req, DEFAULT_PAGE_SIZE))));
        }
        String owner = fake.delta().userOf(token);
        if (owner != null && !owner.equals(mailbox.userId())) {
            return error(400, "BadRequest", "The delta token belongs to another mailbox.");
        }
        Integer size = req.headers().containsKey("prefer") ? pageSize(req, DEFAULT_PAGE_SIZE) : null;
        ObjectNode page = fake.delta().resumeMessages(mailbox, token, linkBase, size);
        if (page == null) {
            return syncStateNotFound(linkBase + prefix + "/mailFolders/" + folderId + "/messages/delta");
        }
        return withPreference(req, Resp.json(200, page));
    }

    private Resp listFolders(Req req, FakeMailbox mailbox, String prefix, String linkBase) {
        int top = Integer.parseInt(req.query().getOrDefault("$top", "10"));
        int skip = Integer.parseInt(req.query().getOrDefault("$skip", "0"));
        var folders = mailbox.folders();
        ObjectNode page = json.createObjectNode();
        ArrayNode value = page.putArray("value");
        folders.stream().skip(skip).limit(top).forEach(f -> value.add(GraphFake.folderJson(mailbox, f)));
        if (skip + top < folders.size()) {
            page.put("@odata.nextLink", linkBase + prefix + "/mailFolders?$top=" + top + "&$skip=" + (skip + top));
        }
        return Resp.json(200, page);
    }

    private Resp subscriptions(Req req, GraphFake.TokenInfo token) throws IOException {
        FakeSubscriptions subs = fake.subscriptionsInternal();
        String id = req.path().length() > "/subscriptions/".length() ? req.path().substring("/subscriptions/".length())
                : null;
        Object result;
        switch (req.method()) {
            case "POST" -> {
                if (id != null) {
                    return error(405, "BadRequest", "POST to a subscription");
                }
                result = subs.create(json.readTree(req.body()), token.userId(), fake::existingMailbox);
                if (result instanceof FakeSubscription s) {
                    return Resp.json(201, subs.toJson(s));
                }
            }
            case "PATCH" -> result = id == null ? new FakeSubscriptions.Failure(405, "BadRequest", "PATCH needs an id")
                    : subs.renew(id, json.readTree(req.body()));
            case "DELETE" -> {
                return id != null && subs.delete(id) ? new Resp(204, Map.of(), null)
                        : error(404, "ResourceNotFound", "The object was not found.");
            }
            case "GET" -> {
                FakeSubscription s = id == null ? null : subs.active(id);
                return s == null ? error(404, "ResourceNotFound", "The object was not found.")
                        : Resp.json(200, subs.toJson(s));
            }
            default -> result = new FakeSubscriptions.Failure(405, "BadRequest", "method not allowed");
        }
        if (result instanceof FakeSubscription s) {
            return Resp.json(200, subs.toJson(s));
        }
        FakeSubscriptions.Failure f = (FakeSubscriptions.Failure) result;
        return error(f.status(), f.code(), f.message());
    }

    /** JSON batching: at most 20 requests, each served as if sent alone (and throttled alone), 4 at once. */
    private Resp batch(Req req, GraphFake.TokenInfo token, String linkBase) throws IOException {
        JsonNode body = json.readTree(req.body());
        JsonNode requests = body == null ? null : body.get("requests");
        if (requests == null || !requests.isArray()) {
            return error(400, "BadRequest", "Invalid batch payload format.");
        }
        if (requests.size() > 20) {
            return error(400, "BadRequest", "Number of requests in the batch exceeds the maximum of 20.");
        }
        List<Req> subs = new ArrayList<>();
        for (JsonNode r : requests) {
            String url = r.path("url").asText("");
            String path = url.startsWith("/") ? url : "/" + url;
            String rawQuery = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
            path = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            Map<String, String> headers = new LinkedHashMap<>(req.headers());
            r.path("headers").properties().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT),
                    e.getValue().asText()));
            byte[] subBody = r.has("body") ? json.writeValueAsBytes(r.get("body")) : new byte[0];
            subs.add(new Req(r.path("method").asText("GET"), path, GraphFake.parseQuery(rawQuery), rawQuery,
                    headers, subBody));
        }
        List<Resp> answers = runBatch(subs, linkBase);
        ObjectNode out = json.createObjectNode();
        ArrayNode responses = out.putArray("responses");
        for (int i = 0; i < subs.size(); i++) {
            Resp resp = answers.get(i);
            ObjectNode item = responses.addObject();
            item.put("id", requests.get(i).path("id").asText());
            item.put("status", resp.status());
            ObjectNode hs = item.putObject("headers");
            resp.headers().forEach(hs::put);
            if (resp.body() != null) {
                hs.put("Content-Type", "application/json");
                item.set("body", resp.body());
            }
        }
        return Resp.json(200, out);
    }

    /**
     * Serves a batch's requests as Outlook does: up to {@link #BATCH_PARALLELISM} at once, each as if sent alone
     * (latency, throttling), answers in request order.
     */
    private List<Resp> runBatch(List<Req> subs, String linkBase) {
        Semaphore slots = new Semaphore(BATCH_PARALLELISM);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Resp>> futures = new ArrayList<>();
            for (Req sub : subs) {
                futures.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        return sub.path().equals("/$batch") ? error(400, "BadRequest", "Nested batches are not allowed.")
                                : handle(sub, linkBase);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<Resp> out = new ArrayList<>();
            for (Future<Resp> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    out.add(error(500, "InternalServerError", "the fake failed: " + e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.add(error(503, "ServiceUnavailable", "interrupted"));
                }
            }
            return out;
        }
    }

    private static int pageSize(Req req, int fallback) {
        String prefer = req.headers().getOrDefault("prefer", "");
        for (String p : prefer.split(",")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("odata.maxpagesize=")) {
                int n = Integer.parseInt(t.substring("odata.maxpagesize=".length()).trim());
                return Math.max(1, Math.min(n, 1000));
            }
        }
        return fallback;
    }

    private static Resp withPreference(Req req, Resp resp) {
        if (!req.headers().getOrDefault("prefer", "").contains("odata.maxpagesize")) {
            return resp;
        }
        return new Resp(resp.status(), Map.of("Preference-Applied", "odata.maxpagesize=" + pageSize(req, 10)),
                resp.body());
    }

    private Resp syncStateNotFound(String freshUrl) {
        Resp e = error(410, "syncStateNotFound", "The sync state generation is not found.");
        return new Resp(410, Map.of("Location", freshUrl), e.body());
    }

    Resp error(int status, String code, String message) {
        ObjectNode n = json.createObjectNode();
        ObjectNode e = n.putObject("error");
        e.put("code", code);
        e.put("message", message);
        ObjectNode inner = e.putObject("innerError");
        inner.put("date", Instant.now().toString());
        inner.put("request-id", UUID.randomUUID().toString());
        return Resp.json(status, n);
    }
}
