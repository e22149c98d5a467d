package io.mailsync.imap.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.MalformedMessageException;
import io.mailsync.core.ProviderUnavailableException;
import io.mailsync.imap.ImapMessageId;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Reads one page of messages by UID: one metadata {@code UID FETCH} for the page, then, for the messages under the
 * body size limit, their text and HTML sections ({@code BODY.PEEK[1.1]}; {@code BODY.PEEK[]} where the server gave
 * no body structure) in chunks of at most {@value #BODY_CHUNK_BYTES} bytes of messages; the MIME work of a page is
 * spread over the cores. A message the server no
 * longer has is reported as not fetchable; one that cannot be mapped is stored with its flags, size and dates only
 * and logged as a {@link MalformedMessageException}. Stateless.
 */
final class PageReader {

    private static final Logger LOG = LoggerFactory.getLogger(PageReader.class);
    private static final long BODY_CHUNK_BYTES = 8L * 1024 * 1024;
    private static final int MAX_RECONNECTS = 20;

    private PageReader() {
    }

    /** What a page read found. */
    record Page(List<EmailMessage> messages, List<Long> foundUids, List<String> notFetchable) {
    }

    static Page read(ImapFolderAccess access, IMAPFolder folder, AccountId accountId, FolderId folderId,
                     long uidValidity, long[] uids, long bodyMaxBytes) throws MessagingException {
        FetchHealth health = access.health();
        if (uids.length == 0) {
            return new Page(List.of(), List.of(), List.of());
        }
        String key = FetchHealth.folderKey(accountId.value(), folderId.value(), uidValidity);
        Map<Long, ImapFetcher.Fetched> meta;
        Map<Long, FetchedBody> bodies;
        if (!health.pageFailedBefore(key, uids[0])) {
            try {
                meta = ImapFetcher.fetchMetadata(folder, UidSet.of(uids).toString());
                bodies = bodies(folder, uids, meta, bodyMaxBytes);
            } catch (MessagingException | RuntimeException e) {
                health.pageFailed(key, uids[0]); // the retry reads this page message by message
                throw e;
            }
        } else {
            meta = new HashMap<>();
            bodies = new HashMap<>();
            int reconnects = 0;
            for (long uid : uids) {
                try {
                    readCarefully(folder, key, uid, bodyMaxBytes, health, meta, bodies);
                } catch (MessagingException | RuntimeException e) {
                    if (++reconnects > MAX_RECONNECTS) {
                        throw e;
                    }
                    folder = access.reopen(folderId.value()); // the message is poison now: go on without it
                    meta.putAll(ImapFetcher.fetchMinimal(folder, Long.toString(uid)));
                }
            }
        }
        UidSet missing = new UidSet();
        for (long uid : uids) {
            if (!meta.containsKey(uid)) {
                missing.add(uid);
            }
        }
        if (!missing.isEmpty()) { // expunged meanwhile, or a response the parser could not read: ask minimally
            meta.putAll(ImapFetcher.fetchMinimal(folder, missing.toString()));
        }
        List<Long> found = new ArrayList<>(uids.length);
        List<String> gone = new ArrayList<>();
        for (long uid : uids) {
            if (meta.containsKey(uid)) {
                found.add(uid);
            } else {
                gone.add(new ImapMessageId(folderId.value(), uidValidity, uid).toString()); // expunged meanwhile
            }
        }
        Map<Long, ImapFetcher.Fetched> fetched = meta;
        Map<Long, FetchedBody> raw = bodies;
        List<EmailMessage> messages = mapAcrossCores(accountId, found, uid -> mapOrMinimal(accountId, folderId,
                new ImapMessageId(folderId.value(), uidValidity, uid).toString(), fetched.get(uid), raw.get(uid)));
        return new Page(messages, found, gone);
    }

    /**
     * MIME parsing is most of a page's CPU: it is spread over the cores (each message is independent), in slices on
     * virtual threads. Not a parallel stream: the common pool's workers do not carry the caller's context class
     * loader, and Jakarta Mail finds its providers through it (a host in an application server, or
     * {@code exec:java}, then fails in a static initializer). Order is kept.
     */
    private static List<EmailMessage> mapAcrossCores(AccountId accountId, List<Long> uids,
                                                     Function<Long, EmailMessage> map) {
        int slices = Math.min(Runtime.getRuntime().availableProcessors(), uids.size() / 16);
        if (slices <= 1) {
            return uids.stream().map(map).toList();
        }
        int size = (uids.size() + slices - 1) / slices;
        List<Future<List<EmailMessage>>> parts = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int from = 0; from < uids.size(); from += size) {
                List<Long> slice = uids.subList(from, Math.min(uids.size(), from + size));
                parts.add(pool.submit(() -> slice.stream().map(map).toList()));
            }
            List<EmailMessage> out = new ArrayList<>(uids.size());
            for (Future<List<EmailMessage>> part : parts) {
                out.addAll(part.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(accountId, "interrupted while reading a page", null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("mapping a page failed", e.getCause());
        }
    }

    /** One message on its own; a message whose fetch breaks the connection is poison and read minimally after. */
    private static void readCarefully(IMAPFolder folder, String key, long uid, long bodyMaxBytes, FetchHealth health,
                                      Map<Long, ImapFetcher.Fetched> meta, Map<Long, FetchedBody> bodies)
            throws MessagingException {
        String one = Long.toString(uid);
        if (health.isPoison(key, uid)) {
            meta.putAll(ImapFetcher.fetchMinimal(folder, one));
            return;
        }
        try {
            meta.putAll(ImapFetcher.fetchMetadata(folder, one));
            bodies.putAll(bodies(folder, new long[] {uid}, meta, bodyMaxBytes));
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("fetching UID {} broke the connection; it will be stored with flags, dates and size only: {}",
                    uid, e.toString());
            health.poison(key, uid);
            throw e;
        }
    }

    private static EmailMessage mapOrMinimal(AccountId accountId, FolderId folderId, String id,
                                             ImapFetcher.Fetched f, FetchedBody raw) {
        try {
            return MessageMapper.map(accountId, folderId, id, f, raw);
        } catch (RuntimeException e) {
            MalformedMessageException malformed = new MalformedMessageException(accountId, id,
                    "message could not be mapped; stored with flags, size and dates only", e);
            LOG.warn("{}", malformed.getMessage(), malformed);
            return EmailMessage.builder(accountId, id).folderId(folderId).flags(f.flags()).size(Math.max(-1, f.size()))
                    .receivedAt(f.internalDate() == null ? Instant.EPOCH : f.internalDate().toInstant()).build();
        }
    }

    /**
     * The bodies of the messages under the size limit: only their text and HTML sections where the server gave a
     * body structure (grouped by section numbers, one fetch per group and chunk), the whole message otherwise.
     */
    private static Map<Long, FetchedBody> bodies(IMAPFolder folder, long[] uids, Map<Long, ImapFetcher.Fetched> meta,
                                                 long bodyMaxBytes) throws MessagingException {
        Map<Long, FetchedBody> bodies = new HashMap<>();
        if (bodyMaxBytes <= 0) {
            return bodies;
        }
        List<Long> whole = new ArrayList<>();
        Map<Long, TextSections.Plan> plans = new HashMap<>();
        Map<String, List<Long>> byNumbers = new LinkedHashMap<>();
        for (long uid : uids) {
            ImapFetcher.Fetched f = meta.get(uid);
            if (f == null || f.size() < 0 || f.size() > bodyMaxBytes) {
                continue;
            }
            if (f.structure() == null) {
                whole.add(uid);
                continue;
            }
            TextSections.Plan plan = TextSections.plan(f.structure());
            String numbers = plan.numbers();
            if (numbers.isEmpty()) {
                bodies.put(uid, FetchedBody.sections(plan, Map.of())); // no text part: nothing to fetch
            } else {
                plans.put(uid, plan);
                byNumbers.computeIfAbsent(numbers, k -> new ArrayList<>()).add(uid);
            }
        }
        for (UidSet chunk : chunks(whole, meta)) {
            ImapFetcher.fetchBodies(folder, chunk.toString()).forEach((uid, raw) -> bodies.put(uid,
                    FetchedBody.whole(raw)));
        }
        for (Map.Entry<String, List<Long>> group : byNumbers.entrySet()) {
            for (UidSet chunk : chunks(group.getValue(), meta)) {
                ImapFetcher.fetchSections(folder, chunk.toString(), group.getKey()).forEach((uid, sections) ->
                        bodies.put(uid, FetchedBody.sections(plans.get(uid), sections)));
            }
        }
        return bodies;
    }

    /** The UIDs in sets of at most {@value #BODY_CHUNK_BYTES} bytes of messages each. */
    private static List<UidSet> chunks(List<Long> uids, Map<Long, ImapFetcher.Fetched> meta) {
        List<UidSet> chunks = new ArrayList<>();
        UidSet chunk = new UidSet();
        long chunkBytes = 0;
        for (long uid : uids) {
            long size = meta.get(uid).size();
            if (!chunk.isEmpty() && chunkBytes + size > BODY_CHUNK_BYTES) {
                chunks.add(chunk);
                chunk = new UidSet();
                chunkBytes = 0;
            }
            chunk.add(uid);
            chunkBytes += size;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }
}
