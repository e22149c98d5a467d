package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.Draft;
import io.mailsync.core.spi.DraftStore;
import io.mailsync.jdbc.internal.DraftSql;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@link DraftStore} of a {@link JdbcMailStore} ({@link JdbcMailStore#drafts()}), in its schema's
 * {@code drafts_cache} table: one row per (account, thread), replaced by an upsert when a draft is prepared anew, with
 * an indexed {@code expires_at} so {@link #deleteExpired} (run by {@code DraftCleaner}) is one {@code DELETE}. Give it
 * to {@code DraftReplyProcessor.builder(ai, ...)}. Thread-safe.
 */
public final class JdbcDraftStore implements DraftStore {

    private final Jdbi jdbi;
    private final DraftSql sql;

    JdbcDraftStore(Jdbi jdbi, String quotedSchema) {
        this.jdbi = jdbi;
        this.sql = new DraftSql(quotedSchema);
    }

    @Override
    public void save(Draft draft) {
        Calls.call(draft.accountId(), "save a draft",
                () -> jdbi.useHandle(h -> sql.save(h.getConnection(), draft)));
    }

    @Override
    public Optional<Draft> find(AccountId accountId, String threadId) {
        return Calls.call(accountId, "read a draft",
                () -> jdbi.withHandle(h -> sql.find(h.getConnection(), accountId, threadId)));
    }

    @Override
    public List<Draft> drafts(AccountId accountId, Instant now) {
        return Calls.call(accountId, "read drafts",
                () -> jdbi.withHandle(h -> sql.list(h.getConnection(), accountId, now)));
    }

    @Override
    public int deleteExpired(Instant now) {
        return Calls.call(null, "delete expired drafts",
                () -> jdbi.withHandle(h -> sql.deleteExpired(h.getConnection(), now)));
    }

    @Override
    public String toString() {
        return "JdbcDraftStore";
    }
}
