package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailFolder;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.testkit.ScriptedMailProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The folders table against a real PostgreSQL, written directly and by a sync through the recording provider. */
class JdbcFolderStoreIT {

    private static JdbcMailStore store;

    @BeforeAll
    static void start() {
        store = Stores.fresh("folders");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void replaceInsertsUpdatesAndDeletesFoldersOfOneAccountOnly() {
        AccountId a = AccountId.of("f-" + UUID.randomUUID());
        AccountId b = AccountId.of("f-" + UUID.randomUUID());
        MailFolder inbox = new MailFolder(FolderId.of("INBOX"), "INBOX", FolderRole.INBOX);
        MailFolder sent = new MailFolder(FolderId.of("Sent"), "Sent", FolderRole.SENT);
        MailFolder old = new MailFolder(FolderId.of("Old"), "Old", FolderRole.OTHER);
        store.folders().replace(a, List.of(inbox, sent, old));
        store.folders().replace(b, List.of(inbox));

        MailFolder renamed = new MailFolder(FolderId.of("Sent"), "Sent Items", FolderRole.SENT);
        store.folders().replace(a, List.of(inbox, renamed));

        assertThat(store.folders().list(a)).containsExactly(inbox, renamed);
        assertThat(store.folders().list(b)).containsExactly(inbox);
        store.folders().replace(a, List.of());
        assertThat(store.folders().list(a)).isEmpty();
        assertThat(store.folders().list(b)).containsExactly(inbox);
    }

    @Test
    void aSyncThroughTheRecordingProviderStoresTheMailboxFolders() throws Exception {
        AccountId id = AccountId.of("f-" + UUID.randomUUID());
        ScriptedMailProvider provider = new ScriptedMailProvider(Provider.IMAP);
        provider.mailbox(id).addFolder("Sent", FolderRole.SENT).deliverMany("INBOX", 3);
        try (MailSync mailSync = MailSync.builder().store(store).provider(store.folders().recording(provider))
                .shutdownTimeout(Duration.ofSeconds(5)).build()) {
            mailSync.registerAccount(SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId("u")
                    .email("u@example.org").pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build());

            assertThat(mailSync.startHistoricalSync(id, HistoricalSyncOptions.ALL).get().isSuccess()).isTrue();
        }

        assertThat(store.folders().list(id)).extracting(MailFolder::id, MailFolder::role)
                .contains(org.assertj.core.groups.Tuple.tuple(FolderId.of("INBOX"), FolderRole.INBOX),
                        org.assertj.core.groups.Tuple.tuple(FolderId.of("Sent"), FolderRole.SENT));
        assertThat(store.count(id)).isEqualTo(3);
    }
}
