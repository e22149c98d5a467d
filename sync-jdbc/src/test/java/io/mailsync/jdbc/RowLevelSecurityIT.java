package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.AccountRecord;
import io.mailsync.core.spi.Draft;
import io.mailsync.core.spi.MessageContacts;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** With row-level security on, one user's session reads only that user's rows; the owner (the engine) reads all. */
class RowLevelSecurityIT {

    private static final FolderId INBOX = FolderId.of("INBOX");

    @Test
    void oneUsersSessionCannotReadAnotherUsersRows() throws Exception {
        String role = "mailsync_reader_" + UUID.randomUUID().toString().substring(0, 8);
        try (JdbcMailStore store = Stores.fresh("rls")) {
            AccountId alice = seed(store, "alice");
            AccountId bob = seed(store, "bob");
            RowLevelSecurity.enable(store.dataSource(), store.schema());
            String schema = '"' + store.schema() + '"';
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + role + " NOLOGIN");
                s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
                s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
            }

            assertThat(visibleAccounts(store, role, "user-alice", "email_index")).containsOnly(alice.value());
            assertThat(visibleAccounts(store, role, "user-alice", "email_sync_state")).containsOnly(alice.value());
            assertThat(visibleAccounts(store, role, "user-bob", "email_index")).containsOnly(bob.value());
            assertThat(visibleAccounts(store, role, null, "email_index")).as("no user set").isEmpty();
            for (String table : List.of("contacts", "contact_messages", "drafts_cache")) {
                assertThat(visibleAccounts(store, role, "user-alice", table)).as(table).containsOnly(alice.value());
                assertThat(visibleAccounts(store, role, null, table)).as(table + ", no user set").isEmpty();
            }
            assertThat(store.count(alice)).as("the owner (sync engine) still sees everything").isEqualTo(3);
            assertThat(store.count(bob)).isEqualTo(3);
        }
    }

    private static AccountId seed(JdbcMailStore store, String user) {
        AccountId id = AccountId.of(user + "-" + UUID.randomUUID());
        store.save(AccountRecord.newAccount(SyncOptions.builder().provider(Provider.IMAP).accountId(id)
                .userId("user-" + user).email(user + "@example.org").build(), Instant.now()));
        ChangeBatch.Builder batch = ChangeBatch.builder(id, INBOX,
                SyncCursor.of(INBOX, SyncCursor.Phase.INCREMENTAL, Map.of("p", "1")));
        for (int i = 0; i < 3; i++) {
            batch.upsert(EmailMessage.builder(id, "m" + i).folderId(INBOX).subject("secret of " + user)
                    .receivedAt(Instant.parse("2025-01-01T00:00:00Z")).build());
        }
        store.applyAndSave(batch.build(), 0);
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        store.contacts().merge(List.of(new MessageContacts(id, "m0", MessageContacts.Direction.INBOUND, at,
                List.of(EmailAddress.of("Pen Pal", "pal@example.net")))));
        store.drafts().save(new Draft(id, "m0", "thread-m0", "reply of " + user, at, at.plusSeconds(3_600), "fp"));
        return id;
    }

    private static List<String> visibleAccounts(JdbcMailStore store, String role, String user, String table)
            throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL ROLE " + role);
                if (user != null) {
                    RowLevelSecurity.setUser(c, user);
                }
                try (ResultSet rs = s.executeQuery("SELECT email_account_id FROM \"" + store.schema() + "\"." + table)) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            } finally {
                c.rollback();
            }
        }
        return ids;
    }
}
