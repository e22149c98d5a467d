package io.mailsync.gmail;

import io.mailsync.core.AccountId;
import io.mailsync.core.Provider;
import io.mailsync.core.spi.AccountRecord;
import io.mailsync.core.spi.AccountStore;

import java.util.Locale;
import java.util.Optional;

/** Finds the mailsync account of a Gmail address named in a notification. Must be fast and thread-safe. */
@FunctionalInterface
public interface GmailAccountLookup {

    /** The active Gmail account of {@code emailAddress} (compared case-insensitively), if there is one. */
    Optional<AccountId> find(String emailAddress);

    /**
     * A lookup that scans {@code store} on each call: fine for tens of accounts; give a map-backed lookup for more.
     */
    static GmailAccountLookup scanning(AccountStore store) {
        return email -> store.findAll().stream()
                .filter(AccountRecord::active)
                .filter(a -> a.options().provider() == Provider.GOOGLE)
                .filter(a -> a.options().email().toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT)))
                .map(AccountRecord::accountId).findFirst();
    }
}
