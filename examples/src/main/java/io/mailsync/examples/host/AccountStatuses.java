package io.mailsync.examples.host;

import io.mailsync.core.AccountId;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncStatus;
import io.mailsync.core.spi.AccountRecord;
import io.mailsync.core.spi.AccountStore;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The status of every account the host's {@link AccountStore} holds, for the admin routes and the gauges. */
final class AccountStatuses {

    private final MailSync mailSync;
    private final AccountStore accounts;

    AccountStatuses(MailSync mailSync, AccountStore accounts) {
        this.mailSync = mailSync;
        this.accounts = accounts;
    }

    /** Every account's status, ordered by account id. */
    List<SyncStatus> all() {
        return accounts.findAll().stream().sorted(Comparator.comparing(AccountRecord::accountId))
                .map(this::status).toList();
    }

    /** Whether the store knows the account. */
    boolean exists(AccountId id) {
        return accounts.find(id).isPresent();
    }

    /** The accounts of a host user, of one provider or (with {@code null}) of any. */
    List<AccountRecord> ofUser(String userId, Provider provider) {
        return accounts.findAll().stream()
                .filter(AccountRecord::active)
                .filter(a -> a.options().userId().equals(userId))
                .filter(a -> provider == null || a.options().provider() == provider)
                .sorted(Comparator.comparing(AccountRecord::accountId))
                .toList();
    }

    private SyncStatus status(AccountRecord record) {
        try {
            return mailSync.getSyncStatus(record.accountId());
        } catch (IllegalStateException e) {
            // no MailProvider for this account's provider in this host: report what the store recorded
            return new SyncStatus(record.accountId(), record.options().provider(), record.state(), record.lastSyncAt(),
                    record.lastError(), Optional.empty(), record.subscriptionExpiresAt(), 0, List.of());
        }
    }
}
