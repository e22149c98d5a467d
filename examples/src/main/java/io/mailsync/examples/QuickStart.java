package io.mailsync.examples;

import io.mailsync.core.AccountId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncStatus;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.MailProvider;

import java.time.Duration;

/**
 * The README's quick start, kept here so it compiles with every build: what a host writes to sync one account.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /** Registers an account, reads its existing mail, starts real-time sync and returns its status. */
    public static SyncStatus run(MailProvider imapProvider, EmailProcessor myClassifier) {
        try (MailSync mailSync = MailSync.builder()
                .store(new InMemoryMailStore())                 // or the PostgreSQL store, or your own SPIs
                .provider(imapProvider)                         // one MailProvider per Provider you use
                .processor(myClassifier)                        // gets each really new message, after it is stored
                .listener(event -> System.out.println(event))   // created / updated / deleted / status changed
                .build()) {
            SyncOptions options = SyncOptions.builder()
                    .provider(Provider.IMAP)
                    .accountId(AccountId.of("account-uuid"))
                    .userId("user-uuid")
                    .email("user@example.com")
                    .pollingInterval(Duration.ofSeconds(30))    // the seed's "pollingInterval: 0.5" minutes
                    .build();
            mailSync.registerAccount(options);
            mailSync.startHistoricalSync(options.accountId(), HistoricalSyncOptions.builder().limit(10_000).build()).join();
            mailSync.startRealTimeSync(options);                // push where the provider has it, polling always
            return mailSync.getSyncStatus(options.accountId());
        }
    }
}
