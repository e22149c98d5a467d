package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.spi.StoredCursor;
import io.mailsync.core.spi.SyncStateStore;

import java.util.List;
import java.util.Optional;

/** A SyncStateStore that forwards to another, for tests that count or fail calls. */
class DelegatingStateStore implements SyncStateStore {

    private final SyncStateStore delegate;

    DelegatingStateStore(SyncStateStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<StoredCursor> load(AccountId accountId, FolderId folderId) {
        return delegate.load(accountId, folderId);
    }

    @Override
    public List<StoredCursor> loadAll(AccountId accountId) {
        return delegate.loadAll(accountId);
    }

    @Override
    public long save(AccountId accountId, SyncCursor cursor, long expectedVersion) {
        return delegate.save(accountId, cursor, expectedVersion);
    }

    @Override
    public void delete(AccountId accountId, FolderId folderId) {
        delegate.delete(accountId, folderId);
    }

    @Override
    public void deleteAll(AccountId accountId) {
        delegate.deleteAll(accountId);
    }
}
