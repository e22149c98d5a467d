package io.mailsync.core.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.CredentialStore;
import io.mailsync.core.spi.Credentials;
import io.mailsync.core.spi.TokenRefresher;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/** {@link Credentials} backed by the credential store, refreshing through the host's refresher. Thread-safe. */
final class StoredCredentials implements Credentials {

    /** Tokens are refreshed this long before they expire. */
    static final Duration EXPIRY_SKEW = Duration.ofSeconds(60);

    private final AccountId accountId;
    private final CredentialStore store;
    private final TokenRefresher refresher;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();

    StoredCredentials(AccountId accountId, CredentialStore store, TokenRefresher refresher, Clock clock) {
        this.accountId = accountId;
        this.store = store;
        this.refresher = refresher;
        this.clock = clock;
    }

    @Override
    public Credential current() {
        lock.lock(); // not synchronized: refreshing is HTTP I/O on a virtual thread
        try {
            Credential credential = load();
            if (credential.expiresBefore(clock.instant().plus(EXPIRY_SKEW))) {
                return refresh(credential);
            }
            return credential;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Credential refreshAfterRejection(Credential rejected) {
        lock.lock();
        try {
            Credential stored = load();
            if (!stored.secret().equals(rejected.secret())) {
                return stored; // another thread refreshed it already
            }
            if (stored.kind() == Credential.Kind.PASSWORD) {
                throw new AuthenticationRequiredException(accountId, "password rejected by the server");
            }
            return refresh(stored);
        } finally {
            lock.unlock();
        }
    }

    private Credential load() {
        return store.load(accountId).orElseThrow(() ->
                new AuthenticationRequiredException(accountId, "no credential stored for the account"));
    }

    private Credential refresh(Credential credential) {
        if (credential.kind() == Credential.Kind.PASSWORD) {
            return credential;
        }
        Credential fresh = refresher.refresh(accountId, credential);
        store.save(accountId, fresh);
        return fresh;
    }
}
