package io.mailsync.core.spi;

import io.mailsync.core.AccountId;

import java.util.List;
import java.util.Optional;

/** Keeps the synchronised accounts ({@code email_accounts}). Thread-safe. */
public interface AccountStore {

    /** Inserts or replaces the account. */
    void save(AccountRecord account);

    /** The account with this id. */
    Optional<AccountRecord> find(AccountId accountId);

    /** Every account, in no particular order. */
    List<AccountRecord> findAll();

    /** Removes the account (not its messages). */
    void delete(AccountId accountId);
}
