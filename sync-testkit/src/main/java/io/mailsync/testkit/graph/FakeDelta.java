package io.mailsync.testkit.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delta query of the fake: rounds of pages linked by {@code $skiptoken}s, ending with a {@code $deltatoken} that
 * replays every change after the round's start. Tokens are opaque keys of server-side state, as Graph's are; they can
 * be expired all at once to make the client resync. Thread-safe.
 */
final class FakeDelta {

    private static final JsonFactory JSON = new JsonFactory();

    /** Where a round resumes: a page position ({@code skip}) or a change-log position ({@code delta}). */
    private record Token(String userId, String folderId, String prefix, Set<String> select, int pageSize,
                         List<Object> remaining, long position) {
    }

    /** An entry of a round's remaining list for folders: a folder id. */
    private record FolderEntry(String id) {
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    /** Forgets every token: the next use of any nextLink or deltaLink answers 410 Gone / syncStateNotFound. */
    void expireAll() {
        tokens.clear();
    }

    /** Whether a {@code $skiptoken} or {@code $deltatoken} is known. */
    boolean knows(String token) {
        return tokens.containsKey(token);
    }

    /** The first page of a new round of a folder's messages. */
    ObjectNode startMessages(FakeMailbox mailbox, String folderId, String prefix, String linkBase,
                             Set<String> select, int pageSize) {
        FakeMailbox.Changes changes = mailbox.changesSince(folderId, 0);
        List<Object> entries = new ArrayList<>(changes.upserts().stream().map(s -> (Object) s.message().id()).toList());
        Token t = new Token(mailbox.userId(), folderId, prefix, select, pageSize, entries, changes.position());
        return messagePage(mailbox, t, linkBase);
    }

    /** The page after a {@code $skiptoken}, or the first page of the round after a {@code $deltatoken}. */
    ObjectNode resumeMessages(FakeMailbox mailbox, String token, String linkBase, Integer pageSize) {
        Token t = tokens.remove(token);
        if (t == null || t.folderId().isEmpty() || !mailbox.hasFolder(t.folderId())) {
            return null;
        }
        int size = pageSize != null ? pageSize : t.pageSize();
        if (t.remaining() == null) { // a delta token: start the round of the changes since its position
            tokens.put(token, t); // deltaLinks can be replayed
            FakeMailbox.Changes changes = mailbox.changesSince(t.folderId(), t.position());
            List<Object> entries = new ArrayList<>();
            changes.upserts().forEach(s -> entries.add(s.message().id()));
            entries.addAll(changes.removed());
            return messagePage(mailbox, new Token(t.userId(), t.folderId(), t.prefix(), t.select(), size, entries,
                    changes.position()), linkBase);
        }
        return messagePage(mailbox, new Token(t.userId(), t.folderId(), t.prefix(), t.select(), size, t.remaining(),
                t.position()), linkBase);
    }

    /** The owner of a token, to check that a link is used against its own mailbox. */
    String userOf(String token) {
        Token t = tokens.get(token);
        return t == null ? null : t.userId();
    }

    private ObjectNode messagePage(FakeMailbox mailbox, Token t, String linkBase) {
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        page.put("@odata.context", linkBase + "/$metadata#Collection(message)");
        Iterator<Object> it = t.remaining().iterator();
        List<Object> rest = new ArrayList<>();
        SegmentedStringWriter value = new SegmentedStringWriter(new BufferRecycler());
        try (JsonGenerator g = JSON.createGenerator(value)) {
            g.writeStartArray();
            int taken = 0;
            while (it.hasNext()) {
                Object e = it.next();
                if (taken >= t.pageSize()) {
                    rest.add(e);
                    continue;
                }
                if (e instanceof String id) {
                    var m = mailbox.current(t.folderId(), id);
                    if (m.isEmpty()) {
                        continue; // gone since the round started: the next round reports its removal
                    }
                    m.get().write(g, t.folderId(), t.select());
                } else if (e instanceof FakeMailbox.Tombstone ts) {
                    g.writeStartObject();
                    g.writeStringField("@odata.type", "#microsoft.graph.message");
                    g.writeStringField("id", ts.id());
                    g.writeObjectFieldStart("@removed");
                    g.writeStringField("reason", ts.reason());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                taken++;
            }
            g.writeEndArray();
            g.flush();
            page.putRawValue("value", new RawValue(value.getAndClear()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string writer does not fail
        }
        String url = linkBase + t.prefix() + "/mailFolders/" + t.folderId() + "/messages/delta";
        link(page, t, rest, url);
        return page;
    }

    /** The first page of a new round of the mailbox's folders. */
    ObjectNode startFolders(FakeMailbox mailbox, String prefix, String linkBase, int pageSize) {
        List<Object> entries = new ArrayList<>(mailbox.folders().stream().map(f -> (Object) new FolderEntry(f.id())).toList());
        return folderPage(mailbox, new Token(mailbox.userId(), "", prefix, Set.of(), pageSize, entries,
                mailbox.position()), linkBase);
    }

    /** The next page of a folder round, or the round after a folders deltaLink; {@code null} for an unknown token. */
    ObjectNode resumeFolders(FakeMailbox mailbox, String token, String linkBase) {
        Token t = tokens.remove(token);
        if (t == null || !t.folderId().isEmpty()) {
            return null;
        }
        if (t.remaining() == null) {
            tokens.put(token, t);
            List<Object> entries = new ArrayList<>(mailbox.folders().stream()
                    .filter(f -> mailbox.folderSeq(f.id()) > t.position()).map(f -> (Object) new FolderEntry(f.id()))
                    .toList());
            return folderPage(mailbox, new Token(t.userId(), "", t.prefix(), Set.of(), t.pageSize(), entries,
                    mailbox.position()), linkBase);
        }
        return folderPage(mailbox, t, linkBase);
    }

    private ObjectNode folderPage(FakeMailbox mailbox, Token t, String linkBase) {
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        page.put("@odata.context", linkBase + "/$metadata#Collection(mailFolder)");
        ArrayNode value = page.putArray("value");
        List<Object> rest = new ArrayList<>();
        int taken = 0;
        for (Object e : t.remaining()) {
            if (taken++ >= t.pageSize()) {
                rest.add(e);
                continue;
            }
            String id = ((FolderEntry) e).id();
            mailbox.folders().stream().filter(f -> f.id().equals(id)).findFirst()
                    .ifPresent(f -> value.add(GraphFake.folderJson(mailbox, f)));
        }
        link(page, t, rest, linkBase + t.prefix() + "/mailFolders/delta");
        return page;
    }

    private void link(ObjectNode page, Token t, List<Object> rest, String url) {
        String token = UUID.randomUUID().toString().replace("-", "");
        if (rest.isEmpty()) {
            tokens.put(token, new Token(t.userId(), t.folderId(), t.prefix(), t.select(), t.pageSize(), null,
                    t.position()));
            page.put("@odata.deltaLink", url + "?$deltatoken=" + token);
        } else {
            tokens.put(token, new Token(t.userId(), t.folderId(), t.prefix(), t.select(), t.pageSize(), rest,
                    t.position()));
            page.put("@odata.nextLink", url + "?$skiptoken=" + token);
        }
    }

    /** Keeps only the selected properties (plus id and the OData annotations), as {@code $select} does. */
}
