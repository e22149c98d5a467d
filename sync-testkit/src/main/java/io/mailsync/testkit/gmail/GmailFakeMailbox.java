package io.mailsync.testkit.gmail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One user's mailbox in the {@link GmailFake}: messages with labels and threads, the history log with historyIds that
 * only grow, and the watch. Mutations go through this Java API and are recorded in the history exactly as Gmail
 * reports them ({@code messageAdded}, {@code messageDeleted}, {@code labelAdded}, {@code labelRemoved}).
 * Thread-safe (one lock per mailbox).
 */
public final class GmailFakeMailbox {

    /** Gmail's system labels, as {@code labels.list} reports them. */
    public static final List<String> SYSTEM_LABELS = List.of("INBOX", "SENT", "DRAFT", "SPAM", "TRASH", "UNREAD",
            "STARRED", "IMPORTANT", "CHAT", "CATEGORY_PERSONAL", "CATEGORY_SOCIAL", "CATEGORY_PROMOTIONS",
            "CATEGORY_UPDATES", "CATEGORY_FORUMS");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder();

    /** A stored message. */
    private record Stored(String id, String threadId, FakeGmailMessage message, Set<String> labels, Instant internalDate,
                          long historyId) {
    }

    /** One history record: one change of one message. */
    private record Change(long id, String type, String messageId, String threadId, List<String> labelsAfter,
                          List<String> changed) {
    }

    private final String email;
    private final GmailFake fake;
    private final Random random;
    private final Map<String, Stored> messages = new LinkedHashMap<>();
    private final List<Change> history = new ArrayList<>();
    private final Map<String, String> userLabels = new LinkedHashMap<>();
    final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private long historyId;
    private long historyFloor;
    private long nextMessageId;
    private Watch watch;

    /** The active watch of the mailbox. */
    record Watch(String topicName, Set<String> labelIds, boolean include, Instant expiration) {
    }

    GmailFakeMailbox(String email, GmailFake fake, long seed) {
        this.email = email;
        this.fake = fake;
        this.random = new Random(seed);
        this.historyId = 1_000 + random.nextInt(100_000);
        this.historyFloor = historyId;
        this.nextMessageId = 0x18c0_0000_0000_0000L + ((long) random.nextInt(1 << 20) << 12);
    }

    /** The mailbox address. */
    public String email() {
        return email;
    }

    /** Accepts {@code accessToken} as a bearer token for this mailbox. Returns this mailbox. */
    public GmailFakeMailbox grantToken(String accessToken) {
        fake.bindToken(accessToken, this);
        tokens.add(accessToken);
        return this;
    }

    /** Stops accepting {@code accessToken} (its requests get 401, like an expired token). */
    public void revokeToken(String accessToken) {
        tokens.remove(accessToken);
        fake.unbindToken(accessToken);
    }

    /** Creates a user label and returns its id ({@code Label_N}). */
    public synchronized String createLabel(String name) {
        String id = "Label_" + (userLabels.size() + 1);
        userLabels.put(id, name);
        return id;
    }

    /** Inserts a message (a {@code messageAdded} history record); returns its id. */
    public String insert(FakeGmailMessage message) {
        String id;
        synchronized (this) {
            id = Long.toHexString(nextMessageId += 1 + random.nextInt(4096));
            String thread = message.threadId() != null ? message.threadId() : id;
            long h = bump();
            Set<String> labels = new LinkedHashSet<>(message.labelIds());
            Instant at = message.receivedAt() != null ? message.receivedAt() : fake.clock().instant();
            messages.put(id, new Stored(id, thread, message, labels, at, h));
            history.add(new Change(h, "messagesAdded", id, thread, List.copyOf(labels), List.of()));
        }
        fake.notifyChange(this, message.labelIds());
        return id;
    }

    /** Inserts {@code count} generated messages (subjects "message N"); returns their ids, oldest first. */
    public List<String> insertMany(int count) {
        List<String> ids = new ArrayList<>(count);
        Instant base = fake.clock().instant().minusSeconds(count);
        for (int i = 0; i < count; i++) {
            ids.add(insert(FakeGmailMessage.builder().subject("message " + i).text("body of message " + i)
                    .from("Sender " + (i % 17) + " <sender" + (i % 17) + "@example.com>")
                    .receivedAt(base.plusSeconds(i)).build()));
        }
        return ids;
    }

    /** Adds labels to a message ({@code labelAdded}); unknown ids are ignored. */
    public void addLabels(String messageId, String... labelIds) {
        changeLabels(messageId, List.of(labelIds), true);
    }

    /** Removes labels from a message ({@code labelRemoved}); unknown ids are ignored. */
    public void removeLabels(String messageId, String... labelIds) {
        changeLabels(messageId, List.of(labelIds), false);
    }

    private void changeLabels(String messageId, List<String> labelIds, boolean add) {
        Set<String> after;
        synchronized (this) {
            Stored s = messages.get(messageId);
            if (s == null) {
                return;
            }
            List<String> changed = labelIds.stream().filter(l -> add != s.labels().contains(l)).toList();
            if (changed.isEmpty()) {
                return;
            }
            if (add) {
                s.labels().addAll(changed);
            } else {
                changed.forEach(s.labels()::remove);
            }
            long h = bump();
            messages.put(messageId, new Stored(s.id(), s.threadId(), s.message(), s.labels(), s.internalDate(), h));
            history.add(new Change(h, add ? "labelsAdded" : "labelsRemoved", messageId, s.threadId(),
                    List.copyOf(s.labels()), changed));
            after = Set.copyOf(s.labels());
        }
        fake.notifyChange(this, after);
    }

    /** Deletes a message permanently ({@code messageDeleted}); unknown ids are ignored. */
    public void delete(String messageId) {
        Set<String> labels;
        synchronized (this) {
            Stored s = messages.remove(messageId);
            if (s == null) {
                return;
            }
            long h = bump();
            history.add(new Change(h, "messagesDeleted", messageId, s.threadId(), List.copyOf(s.labels()), List.of()));
            labels = Set.copyOf(s.labels());
        }
        fake.notifyChange(this, labels);
    }

    /** Drops the whole history log: every historyId up to now is too old ({@code history.list} answers 404). */
    public synchronized void expireHistory() {
        historyFloor = historyId + 1;
        history.clear();
    }

    /** The mailbox's current historyId. */
    public synchronized long historyId() {
        return historyId;
    }

    /** The ids of the messages, in no particular order. */
    public synchronized Set<String> messageIds() {
        return Set.copyOf(messages.keySet());
    }

    /** A message's labels, when it exists. */
    public synchronized Optional<Set<String>> labels(String messageId) {
        return Optional.ofNullable(messages.get(messageId)).map(s -> Set.copyOf(s.labels()));
    }

    /** The active watch's topic, when a watch is active and not expired. */
    public synchronized Optional<String> watchTopic() {
        return activeWatch().map(Watch::topicName);
    }

    private long bump() {
        historyId += 1 + random.nextInt(5);
        return historyId;
    }

    // ---------------------------------------------------------------- the API's view (package-private)

    synchronized Optional<Watch> activeWatch() {
        if (watch != null && watch.expiration().isBefore(fake.clock().instant())) {
            watch = null;
        }
        return Optional.ofNullable(watch);
    }

    synchronized ObjectNode watch(String topicName, Set<String> labelIds, boolean include) {
        Instant expiration = fake.clock().instant().plus(java.time.Duration.ofDays(7));
        watch = new Watch(topicName, Set.copyOf(labelIds), include, expiration);
        return JSON.objectNode().put("historyId", Long.toString(historyId))
                .put("expiration", Long.toString(expiration.toEpochMilli()));
    }

    synchronized void stopWatch() {
        watch = null;
    }

    synchronized ObjectNode profile() {
        long threads = messages.values().stream().map(Stored::threadId).distinct().count();
        return JSON.objectNode().put("emailAddress", email).put("messagesTotal", messages.size())
                .put("threadsTotal", threads).put("historyId", Long.toString(historyId));
    }

    synchronized ObjectNode labelsList() {
        ArrayNode labels = JSON.arrayNode();
        for (String id : SYSTEM_LABELS) {
            labels.addObject().put("id", id).put("name", id).put("type", "system");
        }
        userLabels.forEach((id, name) -> labels.addObject().put("id", id).put("name", name).put("type", "user")
                .put("messageListVisibility", "show").put("labelListVisibility", "labelShow"));
        ObjectNode out = JSON.objectNode();
        out.set("labels", labels);
        return out;
    }

    synchronized ObjectNode list(Set<String> labelIds, boolean includeSpamTrash, int maxResults, int offset) {
        List<Stored> matching = messages.values().stream()
                .filter(s -> s.labels().containsAll(labelIds))
                .filter(s -> includeSpamTrash || (!s.labels().contains("SPAM") && !s.labels().contains("TRASH")))
                .sorted(Comparator.comparing(Stored::internalDate).thenComparing(Stored::id).reversed())
                .toList();
        ObjectNode out = JSON.objectNode();
        int end = Math.min(matching.size(), offset + maxResults);
        if (offset < end) {
            ArrayNode arr = out.putArray("messages");
            matching.subList(offset, end).forEach(s -> arr.addObject().put("id", s.id()).put("threadId", s.threadId()));
        }
        if (end < matching.size()) {
            out.put("nextPageToken", Long.toString(end) + "-" + Long.toHexString(historyId));
        }
        out.put("resultSizeEstimate", matching.size());
        return out;
    }

    /** The message in {@code format}, or empty when it does not exist. */
    synchronized Optional<ObjectNode> get(String id, String format, Set<String> metadataHeaders) {
        Stored s = messages.get(id);
        if (s == null) {
            return Optional.empty();
        }
        ObjectNode out = JSON.objectNode().put("id", s.id()).put("threadId", s.threadId());
        ArrayNode labels = out.putArray("labelIds");
        s.labels().forEach(labels::add);
        out.put("snippet", snippet(s.message()));
        out.put("sizeEstimate", s.message().raw().length);
        out.put("historyId", Long.toString(s.historyId()));
        out.put("internalDate", Long.toString(s.internalDate().toEpochMilli()));
        switch (format) {
            case "minimal" -> { }
            case "raw" -> out.put("raw", B64URL.encodeToString(s.message().raw()));
            case "metadata" -> out.set("payload", payload(s.message(), metadataHeaders, false));
            default -> out.set("payload", payload(s.message(), Set.of(), true));
        }
        return Optional.of(out);
    }

    private static ObjectNode payload(FakeGmailMessage m, Set<String> only, boolean bodies) {
        ObjectNode p = JSON.objectNode().put("partId", "").put("mimeType", m.mimeType()).put("filename", "");
        ArrayNode headers = p.putArray("headers");
        for (FakeGmailMessage.Header h : m.headers()) {
            if (only.isEmpty() || only.contains(h.name().toLowerCase(Locale.ROOT))) {
                headers.addObject().put("name", h.name()).put("value", h.value());
            }
        }
        boolean multipart = m.mimeType().startsWith("multipart/");
        if (!bodies) {
            p.putObject("body").put("size", 0);
            return p;
        }
        if (!multipart) {
            body(p, m.parts().get(0));
            return p;
        }
        p.putObject("body").put("size", 0);
        ArrayNode parts = p.putArray("parts");
        for (int i = 0; i < m.parts().size(); i++) {
            FakeGmailMessage.Part part = m.parts().get(i);
            ObjectNode pn = parts.addObject().put("partId", Integer.toString(i)).put("mimeType", part.mimeType())
                    .put("filename", part.filename());
            pn.putArray("headers").addObject().put("name", "Content-Type").put("value", part.mimeType());
            body(pn, part);
        }
        return p;
    }

    private static void body(ObjectNode node, FakeGmailMessage.Part part) {
        ObjectNode body = node.putObject("body").put("size", part.data().length);
        if (!part.filename().isEmpty()) {
            body.put("attachmentId", "att-" + Integer.toHexString(java.util.Arrays.hashCode(part.data())));
        } else {
            body.put("data", B64URL.encodeToString(part.data()));
        }
    }

    private static String snippet(FakeGmailMessage m) {
        String text = m.parts().stream().filter(p -> p.mimeType().equals("text/plain")).findFirst()
                .map(p -> new String(p.data(), StandardCharsets.UTF_8)).orElse("");
        String flat = text.replaceAll("\\s+", " ").strip();
        flat = flat.length() > 100 ? flat.substring(0, 100) : flat;
        // Gmail HTML-escapes snippets
        return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /**
     * History records after {@code startHistoryId}; empty when the id is too old (the caller answers 404).
     *
     * @param afterId the page position (records with a larger id), or {@code startHistoryId} for the first page
     */
    synchronized Optional<ObjectNode> history(long startHistoryId, long afterId, Set<String> types, String labelId,
                                              int maxResults) {
        if (startHistoryId < historyFloor) {
            return Optional.empty();
        }
        List<Change> matching = history.stream().filter(c -> c.id() > afterId)
                .filter(c -> types.isEmpty() || types.contains(c.type()))
                .filter(c -> labelId == null || c.labelsAfter().contains(labelId) || c.changed().contains(labelId))
                .toList();
        ObjectNode out = JSON.objectNode();
        int n = Math.min(maxResults, matching.size());
        if (n > 0) {
            ArrayNode arr = out.putArray("history");
            for (Change c : matching.subList(0, n)) {
                ObjectNode rec = arr.addObject().put("id", Long.toString(c.id()));
                rec.putArray("messages").addObject().put("id", c.messageId()).put("threadId", c.threadId());
                ObjectNode entry = rec.putArray(c.type()).addObject();
                ObjectNode msg = entry.putObject("message").put("id", c.messageId()).put("threadId", c.threadId());
                ArrayNode la = msg.putArray("labelIds");
                c.labelsAfter().forEach(la::add);
                if (!c.changed().isEmpty()) {
                    ArrayNode ch = entry.putArray("labelIds");
                    c.changed().forEach(ch::add);
                }
            }
        }
        if (n < matching.size()) {
            out.put("nextPageToken", Long.toString(matching.get(n - 1).id()));
        }
        out.put("historyId", Long.toString(historyId));
        return Optional.of(out);
    }
}
