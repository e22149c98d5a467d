package io.mailsync.core.memory;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.Draft;
import io.mailsync.core.spi.DraftStore;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link DraftStore} in memory. Thread-safe; nothing survives the JVM. */
public final class InMemoryDraftStore implements DraftStore {

    private record Key(AccountId accountId, String threadId) {
    }

    private final ConcurrentHashMap<Key, Draft> drafts = new ConcurrentHashMap<>();

    @Override
    public void save(Draft draft) {
        drafts.put(new Key(draft.accountId(), draft.threadId()), draft);
    }

    @Override
    public Optional<Draft> find(AccountId accountId, String threadId) {
        return Optional.ofNullable(drafts.get(new Key(accountId, threadId)));
    }

    @Override
    public List<Draft> drafts(AccountId accountId, Instant now) {
        return drafts.values().stream().filter(d -> d.accountId().equals(accountId) && !d.isExpired(now))
                .sorted(Comparator.comparing(Draft::createdAt).reversed()).toList();
    }

    @Override
    public int deleteExpired(Instant now) {
        int[] removed = {0};
        drafts.values().removeIf(d -> {
            boolean expired = d.isExpired(now);
            if (expired) {
                removed[0]++;
            }
            return expired;
        });
        return removed[0];
    }
}
