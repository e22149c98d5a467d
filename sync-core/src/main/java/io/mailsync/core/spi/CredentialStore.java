package io.mailsync.core.spi;

import io.mailsync.core.AccountId;

import java.util.Optional;

/**
 * Keeps each account's credential. Persistent implementations encrypt secrets at rest ({@code sync-jdbc} uses Tink
 * AEAD). Thread-safe.
 */
public interface CredentialStore {

    /** The account's credential. */
    Optional<Credential> load(AccountId accountId);

    /** Stores or replaces the account's credential (after a refresh, too). */
    void save(AccountId accountId, Credential credential);

    /** Forgets the account's credential. */
    void delete(AccountId accountId);
}
