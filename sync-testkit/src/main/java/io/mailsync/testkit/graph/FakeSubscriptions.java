package io.mailsync.testkit.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Graph change-notification subscriptions of the fake: creation with the validation handshake against the
 * notification (and lifecycle) URL, renewal, deletion, and delivery of notifications with the subscription's
 * {@code clientState} on every matching mailbox change. Thread-safe.
 */
final class FakeSubscriptions {

    /** The longest lifetime of a message subscription: 10,080 minutes (under 7 days). */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(10_080);
    /** Shorter requested lifetimes are raised to this. */
    static final Duration MIN_LIFETIME = Duration.ofMinutes(45);
    private static final Pattern RESOURCE = Pattern.compile(
            "/?(me|users/([^/]+))(?:/mailFolders(?:\\('([^']+)'\\)|/([^/]+)))?/messages", Pattern.CASE_INSENSITIVE);

    /** An error answer: status, Graph code and message. */
    record Failure(int status, String code, String message) {
    }

    /** One notification POST and the status the endpoint answered (-1: no answer). */
    record Delivery(String subscriptionId, String kind, int status, Duration took) {
    }

    private final Map<String, FakeSubscription> subscriptions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final ObjectMapper json;
    private final HttpClient http;
    private final ExecutorService senders;
    private final Clock clock;
    private final String tenantId = UUID.randomUUID().toString();

    FakeSubscriptions(ObjectMapper json, ExecutorService senders, Clock clock) {
        this.json = json;
        this.senders = senders;
        this.clock = clock;
        this.http = HttpClient.newBuilder().executor(senders).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Creates a subscription after the validation handshake; returns it, or the failure to answer. */
    Object create(JsonNode body, String tokenUser, java.util.function.Function<String, FakeMailbox> mailboxes) {
        String resource = text(body, "resource");
        String notificationUrl = text(body, "notificationUrl");
        String changeType = text(body, "changeType");
        String clientState = body.path("clientState").asText("");
        if (resource.isEmpty() || notificationUrl.isEmpty() || changeType.isEmpty()) {
            return new Failure(400, "InvalidRequest", "resource, notificationUrl and changeType are required");
        }
        if (clientState.length() > 128) {
            return new Failure(400, "InvalidRequest", "clientState must be at most 128 characters");
        }
        Matcher m = RESOURCE.matcher(resource);
        if (!m.matches()) {
            return new Failure(400, "ExtensionError", "Unsupported resource " + resource);
        }
        String user = m.group(2) != null ? m.group(2) : tokenUser;
        if (user == null) {
            return new Failure(400, "ExtensionError", "/me is only valid with a delegated token");
        }
        FakeMailbox mailbox = mailboxes.apply(user);
        if (mailbox == null) {
            return new Failure(404, "ResourceNotFound", "no mailbox " + user);
        }
        String folderName = m.group(3) != null ? m.group(3) : m.group(4);
        Optional<String> folder = Optional.empty();
        if (folderName != null) {
            folder = mailbox.resolveFolder(folderName);
            if (folder.isEmpty()) {
                return new Failure(404, "ResourceNotFound", "no folder " + folderName);
            }
        }
        Object expiry = expiry(body);
        if (expiry instanceof Failure f) {
            return f;
        }
        Optional<String> lifecycle = Optional.ofNullable(body.path("lifecycleNotificationUrl").textValue());
        for (String url : lifecycle.map(l -> List.of(notificationUrl, l)).orElse(List.of(notificationUrl))) {
            Failure f = validate(url);
            if (f != null) {
                return f;
            }
        }
        FakeSubscription s = new FakeSubscription(UUID.randomUUID().toString(), user, folder, resource, changeType,
                notificationUrl, lifecycle, clientState, (Instant) expiry);
        subscriptions.put(s.id(), s);
        return s;
    }

    /** Renews a subscription; returns it or the failure. */
    Object renew(String id, JsonNode body) {
        FakeSubscription s = active(id);
        if (s == null) {
            return new Failure(404, "ResourceNotFound", "The object was not found.");
        }
        Object expiry = expiry(body);
        if (expiry instanceof Failure f) {
            return f;
        }
        FakeSubscription renewed = s.withExpiration((Instant) expiry);
        subscriptions.put(id, renewed);
        return renewed;
    }

    boolean delete(String id) {
        return subscriptions.remove(id) != null;
    }

    /** The subscription, unless unknown or expired (expired ones are dropped, as Graph does). */
    FakeSubscription active(String id) {
        FakeSubscription s = subscriptions.get(id);
        if (s != null && !s.expirationDateTime().isAfter(clock.instant())) {
            subscriptions.remove(id);
            return null;
        }
        return s;
    }

    List<FakeSubscription> all() {
        return new ArrayList<>(subscriptions.keySet().stream().map(this::active)
                .filter(java.util.Objects::nonNull).toList());
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    ObjectNode toJson(FakeSubscription s) {
        ObjectNode n = json.createObjectNode();
        n.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity");
        n.put("id", s.id());
        n.put("resource", s.resource());
        n.put("applicationId", "00000000-0000-0000-0000-000000000000");
        n.put("changeType", s.changeTypes());
        n.put("clientState", s.clientState());
        n.put("notificationUrl", s.notificationUrl());
        s.lifecycleNotificationUrl().ifPresent(l -> n.put("lifecycleNotificationUrl", l));
        n.put("expirationDateTime", s.expirationDateTime().toString());
        n.put("creatorId", s.userId());
        n.put("latestSupportedTlsVersion", "v1_2");
        n.put("includeResourceData", false);
        return n;
    }

    /** Sends a change notification to every subscription watching it, asynchronously. */
    void changed(FakeMailbox.Change change) {
        for (FakeSubscription s : all()) {
            if (s.watches(change.userId(), change.folderId(), change.changeType())) {
                ObjectNode item = json.createObjectNode();
                item.put("id", UUID.randomUUID().toString());
                item.put("subscriptionId", s.id());
                item.put("subscriptionExpirationDateTime", s.expirationDateTime().toString());
                item.put("clientState", s.clientState());
                item.put("changeType", change.changeType());
                item.put("resource", "Users/" + change.userId() + "/Messages/" + change.messageId());
                item.put("tenantId", tenantId);
                ObjectNode rd = item.putObject("resourceData");
                rd.put("@odata.type", "#Microsoft.Graph.Message");
                rd.put("@odata.id", "Users/" + change.userId() + "/Messages/" + change.messageId());
                rd.put("@odata.etag", "W/\"" + UUID.randomUUID() + "\"");
                rd.put("id", change.messageId());
                post(s, s.notificationUrl(), item, "change");
            }
        }
    }

    /** Sends a lifecycle event ({@code reauthorizationRequired}, {@code subscriptionRemoved}, {@code missed}). */
    boolean lifecycle(String id, String event) {
        FakeSubscription s = active(id);
        if (s == null || s.lifecycleNotificationUrl().isEmpty()) {
            return false;
        }
        if (event.equals("subscriptionRemoved")) {
            subscriptions.remove(id);
        }
        ObjectNode item = json.createObjectNode();
        item.put("subscriptionId", s.id());
        item.put("subscriptionExpirationDateTime", s.expirationDateTime().toString());
        item.put("tenantId", tenantId);
        item.put("clientState", s.clientState());
        item.put("lifecycleEvent", event);
        post(s, s.lifecycleNotificationUrl().get(), item, event);
        return true;
    }

    private void post(FakeSubscription s, String url, ObjectNode item, String kind) {
        ObjectNode body = json.createObjectNode();
        body.putArray("value").add(item);
        senders.execute(() -> {
            long start = System.nanoTime();
            int status = -1;
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
                status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deliveries.add(new Delivery(s.id(), kind, status, Duration.ofNanos(System.nanoTime() - start)));
        });
    }

    /** The validation handshake: the endpoint must answer 200 with exactly the token within 10 s. */
    private Failure validate(String url) {
        String token = "Validation: Testing client application reachability for subscription Request-Id: "
                + UUID.randomUUID();
        try {
            String sep = url.contains("?") ? "&" : "?";
            HttpRequest req = HttpRequest.newBuilder(URI.create(url + sep + "validationToken="
                            + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 200 && token.equals(resp.body())) {
                return null;
            }
            return new Failure(400, "ValidationError", "Subscription validation request failed. Response must "
                    + "exactly match validationToken query parameter. (status " + resp.statusCode() + ")");
        } catch (java.io.IOException | IllegalArgumentException e) {
            return new Failure(400, "ValidationError", "Subscription validation request failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failure(400, "ValidationError", "interrupted");
        }
    }

    private Object expiry(JsonNode body) {
        String raw = text(body, "expirationDateTime");
        Instant now = clock.instant();
        Instant at;
        try {
            at = java.time.OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            return new Failure(400, "InvalidRequest", "expirationDateTime is missing or invalid: " + raw);
        }
        if (at.isAfter(now.plus(MAX_LIFETIME))) {
            return new Failure(400, "InvalidRequest", "Subscription expiration can only be 10080 minutes in the future.");
        }
        return at.isBefore(now.plus(MIN_LIFETIME)) ? now.plus(MIN_LIFETIME) : at;
    }

    private static String text(JsonNode body, String field) {
        return body.path(field).asText("");
    }
}
