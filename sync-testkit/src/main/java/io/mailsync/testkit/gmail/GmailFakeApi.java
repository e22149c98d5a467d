package io.mailsync.testkit.gmail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** Routes the fake's HTTP requests: the Gmail resources, {@code /batch} and the JWKS. */
final class GmailFakeApi implements HttpHandler {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PREFIX = "/gmail/v1/users/";

    /** An HTTP answer. */
    record Response(int status, String contentType, byte[] body) {
        static Response json(int status, JsonNode node) {
            try {
                return new Response(status, "application/json; charset=UTF-8", MAPPER.writeValueAsBytes(node));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A request, from the wire or from a batch part. */
    record Request(String method, URI uri, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final GmailFake fake;
    private final GmailFakeBatch batch;

    GmailFakeApi(GmailFake fake) {
        this.fake = fake;
        this.batch = new GmailFakeBatch(this);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            byte[] body = readBody(exchange.getRequestBody(), headers.get("content-encoding"));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI(), headers, body);
            Response response;
            String path = request.uri().getPath();
            if (path.equals("/batch") || path.equals("/batch/gmail/v1")) {
                response = batch.handle(request);
            } else if (path.equals("/oauth2/v3/certs")) {
                response = new Response(200, "application/json; charset=UTF-8",
                        fake.tokens().jwksJson().getBytes(StandardCharsets.UTF_8));
            } else {
                response = dispatch(request);
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            if (response.status() == 204) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            exchange.sendResponseHeaders(response.status(), response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private static byte[] readBody(InputStream in, String encoding) throws IOException {
        byte[] raw = in.readAllBytes(); // HttpServer undoes chunked transfer encoding
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip") && raw.length > 0) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                return gz.readAllBytes();
            }
        }
        return raw;
    }

    /** One API call: authorisation, injected faults, quota, then the resource. */
    Response dispatch(Request request) {
        String path = request.uri().getPath();
        if (!path.startsWith(PREFIX)) {
            return error(404, "notFound", "Not Found", "NOT_FOUND");
        }
        String[] seg = path.substring(PREFIX.length()).split("/");
        String auth = request.header("authorization");
        GmailFakeMailbox mailbox = auth != null && auth.startsWith("Bearer ")
                ? fake.mailboxForToken(auth.substring(7).strip()) : null;
        if (mailbox == null || !mailbox.tokens.contains(auth.substring(7).strip())) {
            return error(401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access "
                    + "token, login cookie or other valid authentication credential.", "UNAUTHENTICATED");
        }
        if (!seg[0].equals("me") && !URLDecoder.decode(seg[0], StandardCharsets.UTF_8).equalsIgnoreCase(mailbox.email())) {
            return error(403, "forbidden", "Delegation denied for " + mailbox.email(), "PERMISSION_DENIED");
        }
        String method = method(request.method(), seg);
        if (method == null) {
            return error(404, "notFound", "Not Found", "NOT_FOUND");
        }
        GmailFake.Fault fault = fake.nextFault();
        if (fault != null) {
            return error(fault.status(), fault.reason(), "injected failure: " + fault.reason(), statusName(fault.status()));
        }
        if (!fake.quota().take(mailbox.email(), cost(method))) {
            return error(429, "rateLimitExceeded", "User-rate limit exceeded.", "RESOURCE_EXHAUSTED");
        }
        fake.counted(method);
        Map<String, List<String>> q = query(request.uri());
        return switch (method) {
            case "getProfile" -> Response.json(200, mailbox.profile());
            case "labels.list" -> Response.json(200, mailbox.labelsList());
            case "messages.list" -> list(mailbox, q);
            case "messages.get" -> {
                fake.countedGet(mailbox.email(), seg[2]);
                yield get(mailbox, seg[2], q);
            }
            case "history.list" -> history(mailbox, q);
            case "watch" -> watch(mailbox, request.body());
            case "stop" -> {
                mailbox.stopWatch();
                yield new Response(204, "application/json; charset=UTF-8", new byte[0]);
            }
            default -> error(404, "notFound", "Not Found", "NOT_FOUND");
        };
    }

    private static String method(String httpMethod, String[] seg) {
        boolean get = httpMethod.equals("GET");
        boolean post = httpMethod.equals("POST");
        if (seg.length == 2 && seg[1].equals("profile") && get) {
            return "getProfile";
        }
        if (seg.length == 2 && seg[1].equals("labels") && get) {
            return "labels.list";
        }
        if (seg.length == 2 && seg[1].equals("messages") && get) {
            return "messages.list";
        }
        if (seg.length == 3 && seg[1].equals("messages") && get) {
            return "messages.get";
        }
        if (seg.length == 2 && seg[1].equals("history") && get) {
            return "history.list";
        }
        if (seg.length == 2 && seg[1].equals("watch") && post) {
            return "watch";
        }
        if (seg.length == 2 && seg[1].equals("stop") && post) {
            return "stop";
        }
        return null;
    }

    private int cost(String method) {
        return switch (method) {
            case "messages.list" -> 5;
            case "messages.get" -> fake.messageGetCost();
            case "history.list" -> 2;
            case "watch" -> 100;
            case "stop" -> 50;
            default -> 1;
        };
    }

    private static Response list(GmailFakeMailbox mailbox, Map<String, List<String>> q) {
        if (!first(q, "q").orElse("").isBlank()) {
            return error(400, "invalidArgument", "the Gmail fake does not implement q search", "INVALID_ARGUMENT");
        }
        int max = Math.min(500, Integer.parseInt(first(q, "maxResults").orElse("100")));
        int offset = first(q, "pageToken").map(t -> Integer.parseInt(t.substring(0, t.indexOf('-')))).orElse(0);
        boolean spamTrash = Boolean.parseBoolean(first(q, "includeSpamTrash").orElse("false"));
        return Response.json(200, mailbox.list(new HashSet<>(q.getOrDefault("labelIds", List.of())), spamTrash, max,
                offset));
    }

    private static Response get(GmailFakeMailbox mailbox, String id, Map<String, List<String>> q) {
        String format = first(q, "format").orElse("full");
        if (!Set.of("minimal", "metadata", "full", "raw").contains(format)) {
            return error(400, "invalidArgument", "Invalid value for format: " + format, "INVALID_ARGUMENT");
        }
        Set<String> headers = new HashSet<>();
        q.getOrDefault("metadataHeaders", List.of()).forEach(h -> headers.add(h.toLowerCase(Locale.ROOT)));
        Optional<ObjectNode> message = mailbox.get(id, format, headers);
        return message.map(m -> Response.json(200, m))
                .orElseGet(() -> error(404, "notFound", "Requested entity was not found.", "NOT_FOUND"));
    }

    private static Response history(GmailFakeMailbox mailbox, Map<String, List<String>> q) {
        Optional<String> start = first(q, "startHistoryId");
        if (start.isEmpty()) {
            return error(400, "invalidArgument", "Missing required field: startHistoryId", "INVALID_ARGUMENT");
        }
        long startId = Long.parseLong(start.get());
        long after = first(q, "pageToken").map(Long::parseLong).orElse(startId);
        int max = Math.min(500, Integer.parseInt(first(q, "maxResults").orElse("100")));
        Set<String> types = new HashSet<>();
        for (String t : q.getOrDefault("historyTypes", List.of())) {
            types.add(switch (t) {
                case "messageAdded" -> "messagesAdded";
                case "messageDeleted" -> "messagesDeleted";
                case "labelAdded" -> "labelsAdded";
                case "labelRemoved" -> "labelsRemoved";
                default -> t;
            });
        }
        return mailbox.history(startId, after, types, first(q, "labelId").orElse(null), max)
                .map(h -> Response.json(200, h))
                .orElseGet(() -> error(404, "notFound", "Requested entity was not found.", "NOT_FOUND"));
    }

    private static Response watch(GmailFakeMailbox mailbox, byte[] body) {
        JsonNode req;
        try {
            req = MAPPER.readTree(body);
        } catch (IOException e) {
            return error(400, "parseError", "Parse Error", "INVALID_ARGUMENT");
        }
        String topic = req.path("topicName").asText("");
        if (!topic.matches("projects/[^/]+/topics/[^/]+")) {
            return error(400, "invalidArgument", "Invalid topicName does not match projects/*/topics/*",
                    "INVALID_ARGUMENT");
        }
        Set<String> labels = new HashSet<>();
        req.path("labelIds").forEach(l -> labels.add(l.asText()));
        boolean include = !"exclude".equalsIgnoreCase(req.path("labelFilterBehavior").asText("include"))
                && !"exclude".equalsIgnoreCase(req.path("labelFilterAction").asText("include"));
        return Response.json(200, mailbox.watch(topic, labels, include));
    }

    static Response error(int status, String reason, String message, String statusName) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode err = root.putObject("error").put("code", status).put("message", message);
        err.putArray("errors").addObject().put("message", message)
                .put("domain", reason.contains("ateLimit") ? "usageLimits" : "global").put("reason", reason);
        err.put("status", statusName);
        return Response.json(status, root);
    }

    private static String statusName(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL" : "UNKNOWN";
        };
    }

    static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static Optional<String> first(Map<String, List<String>> q, String key) {
        List<String> v = q.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }
}
