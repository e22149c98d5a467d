package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.spi.EmailStore;

import java.util.Optional;
import java.util.Set;

/** An EmailStore that forwards to another, for tests that count or fail calls. Not an AtomicSyncStore. */
class DelegatingEmailStore implements EmailStore {

    private final EmailStore delegate;

    DelegatingEmailStore(EmailStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public ApplyResult apply(ChangeBatch batch) {
        return delegate.apply(batch);
    }

    @Override
    public Optional<EmailMessage> find(AccountId accountId, String providerMessageId) {
        return delegate.find(accountId, providerMessageId);
    }

    @Override
    public Set<String> providerMessageIds(AccountId accountId, FolderId folderId) {
        return delegate.providerMessageIds(accountId, folderId);
    }

    @Override
    public long count(AccountId accountId) {
        return delegate.count(accountId);
    }
}
