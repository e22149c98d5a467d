package io.mailsync.core.spi;

import io.mailsync.core.AccountId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where prepared reply drafts are kept: one per {@code (account, thread)}. Thread-safe. */
public interface DraftStore {

    /** Stores a draft, replacing the thread's previous one. */
    void save(Draft draft);

    /** The thread's draft, expired or not. */
    Optional<Draft> find(AccountId accountId, String threadId);

    /** The account's drafts that have not expired at {@code now}, newest first. */
    List<Draft> drafts(AccountId accountId, Instant now);

    /** Deletes every draft expired at {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
