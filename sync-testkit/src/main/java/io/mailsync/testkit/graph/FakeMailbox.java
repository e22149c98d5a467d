package io.mailsync.testkit.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One user's mailbox in a {@link GraphFake}: mail folders holding messages, and a change log per folder that the
 * delta query reads. Mutations made through this Java API are what a user or another client would do to the mailbox;
 * each one is seen by the next delta round and notifies the matching subscriptions. Thread-safe.
 */
public final class FakeMailbox {

    /** A mail folder. {@code wellKnownName} is Graph's name ({@code inbox}, {@code sentitems}...) or empty. */
    public record Folder(String id, String displayName, String wellKnownName) {
    }

    /** What a delta round of a folder sees since a position of the change log. */
    record Changes(List<Stored> upserts, List<Tombstone> removed, long position) {
    }

    /** A message as stored, with the log position of its last change. */
    record Stored(FakeMessage message, long seq) {
    }

    /** A message that left a folder: {@code reason} is Graph's {@code deleted} or {@code changed}. */
    record Tombstone(String id, long seq, String reason) {
    }

    /** A change, reported to the subscriptions. */
    record Change(String userId, String folderId, String messageId, String changeType) {
    }

    private static final List<String[]> WELL_KNOWN = List.of(
            new String[]{"inbox", "Inbox"}, new String[]{"sentitems", "Sent Items"},
            new String[]{"drafts", "Drafts"}, new String[]{"deleteditems", "Deleted Items"},
            new String[]{"junkemail", "Junk Email"}, new String[]{"archive", "Archive"});

    private final String userId;
    private final ChangeListener listener;
    private final Map<String, Folder> folders = new LinkedHashMap<>();
    private final Map<String, Map<String, Stored>> messages = new LinkedHashMap<>();
    private final Map<String, List<Tombstone>> tombstones = new LinkedHashMap<>();
    private final Map<String, Long> folderSeq = new LinkedHashMap<>();
    private long seq;

    /** Receives every change, outside the mailbox's lock. */
    interface ChangeListener {
        void changed(Change change);
    }

    FakeMailbox(String userId, ChangeListener listener) {
        this.userId = userId;
        this.listener = listener;
        for (String[] wk : WELL_KNOWN) {
            addFolder(wk[1], wk[0]);
        }
    }

    /** The mailbox's user id (the {@code /users/{id}} segment). */
    public String userId() {
        return userId;
    }

    /** Adds a folder with a display name; returns its id. */
    public String addFolder(String displayName) {
        return addFolder(displayName, "");
    }

    private synchronized String addFolder(String displayName, String wellKnownName) {
        String id = "AAMkFolder" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        folders.put(id, new Folder(id, displayName, wellKnownName));
        messages.put(id, new LinkedHashMap<>());
        tombstones.put(id, new ArrayList<>());
        folderSeq.put(id, ++seq);
        return id;
    }

    /** The folders, well-known ones first. */
    public synchronized List<Folder> folders() {
        return List.copyOf(folders.values());
    }

    /** A folder's id from its id or its well-known name (case-insensitive). */
    public synchronized Optional<String> resolveFolder(String idOrWellKnownName) {
        if (folders.containsKey(idOrWellKnownName)) {
            return Optional.of(idOrWellKnownName);
        }
        String lower = idOrWellKnownName.toLowerCase(Locale.ROOT);
        return folders.values().stream().filter(f -> f.wellKnownName().equals(lower)).map(Folder::id).findFirst();
    }

    /** Delivers a message into a folder (id or well-known name); returns it. */
    public FakeMessage add(String folder, FakeMessage message) {
        String folderId;
        synchronized (this) {
            folderId = folder(folder);
            if (findFolderOf(message.id()).isPresent()) {
                throw new IllegalArgumentException("message " + message.id() + " already exists");
            }
            messages.get(folderId).put(message.id(), new Stored(message, ++seq));
        }
        listener.changed(new Change(userId, folderId, message.id(), "created"));
        return message;
    }

    /** Changes a message in place (read state, flag, categories, subject); returns the new version. */
    public FakeMessage update(String messageId, UnaryOperator<FakeMessage.Builder> change) {
        FakeMessage updated;
        String folderId;
        synchronized (this) {
            folderId = findFolderOf(messageId).orElseThrow(() -> unknown(messageId));
            FakeMessage current = messages.get(folderId).get(messageId).message();
            updated = change.apply(current.toBuilder()).id(messageId).build();
            messages.get(folderId).put(messageId, new Stored(updated, ++seq));
        }
        listener.changed(new Change(userId, folderId, messageId, "updated"));
        return updated;
    }

    /** Marks a message read or unread. */
    public FakeMessage markRead(String messageId, boolean read) {
        return update(messageId, b -> b.isRead(read));
    }

    /** Deletes a message permanently (delta reports {@code @removed: deleted}). */
    public void delete(String messageId) {
        String folderId;
        synchronized (this) {
            folderId = findFolderOf(messageId).orElseThrow(() -> unknown(messageId));
            messages.get(folderId).remove(messageId);
            tombstones.get(folderId).add(new Tombstone(messageId, ++seq, "deleted"));
        }
        listener.changed(new Change(userId, folderId, messageId, "deleted"));
    }

    /** Moves a message to another folder (Graph keeps the id here; the source's delta reports it removed). */
    public void move(String messageId, String toFolder) {
        String from;
        String to;
        synchronized (this) {
            from = findFolderOf(messageId).orElseThrow(() -> unknown(messageId));
            to = folder(toFolder);
            Stored s = messages.get(from).remove(messageId);
            tombstones.get(from).add(new Tombstone(messageId, ++seq, "changed"));
            messages.get(to).put(messageId, new Stored(s.message(), ++seq));
        }
        listener.changed(new Change(userId, from, messageId, "deleted"));
        listener.changed(new Change(userId, to, messageId, "created"));
    }

    /** The messages of a folder, newest first. */
    public synchronized List<FakeMessage> messages(String folder) {
        return messages.get(folder(folder)).values().stream().map(Stored::message)
                .sorted(Comparator.comparing(FakeMessage::receivedDateTime).reversed()).toList();
    }

    /** Where the change log stands: a delta round started now sees every later change. */
    synchronized long position() {
        return seq;
    }

    /** The folder's current messages (position 0) or its changes after {@code since}, newest first. */
    synchronized Changes changesSince(String folderId, long since) {
        List<Stored> up = messages.get(folderId).values().stream().filter(s -> s.seq() > since)
                .sorted(Comparator.comparing((Stored s) -> s.message().receivedDateTime()).reversed()).toList();
        List<Tombstone> gone = since == 0 ? List.of()
                : tombstones.get(folderId).stream().filter(t -> t.seq() > since
                        && !messages.get(folderId).containsKey(t.id())).toList();
        return new Changes(up, gone, seq);
    }

    /** The current version of a message, if it is still in {@code folderId}. */
    synchronized Optional<FakeMessage> current(String folderId, String messageId) {
        return Optional.ofNullable(messages.get(folderId).get(messageId)).map(Stored::message);
    }

    synchronized boolean hasFolder(String folderId) {
        return folders.containsKey(folderId);
    }

    synchronized long folderSeq(String folderId) {
        return folderSeq.get(folderId);
    }

    private String folder(String idOrName) {
        return resolveFolder(idOrName).orElseThrow(() ->
                new IllegalArgumentException("no folder " + idOrName + " in mailbox " + userId));
    }

    private Optional<String> findFolderOf(String messageId) {
        return messages.entrySet().stream().filter(e -> e.getValue().containsKey(messageId)).map(Map.Entry::getKey)
                .findFirst();
    }

    private IllegalArgumentException unknown(String messageId) {
        return new IllegalArgumentException("no message " + Objects.requireNonNull(messageId) + " in mailbox " + userId);
    }
}
