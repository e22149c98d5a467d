package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.StoreException;
import io.mailsync.core.SyncCursor;
import io.mailsync.testkit.postgres.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.mailsync.core.spi.SyncStateStore.NO_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A backend killed mid-transaction (pg_terminate_backend) leaves no partial batch and no advanced cursor. */
class JdbcLostConnectionIT {

    private static final FolderId INBOX = FolderId.of("INBOX");

    private static SyncCursor cursor(String position) {
        return SyncCursor.of(INBOX, SyncCursor.Phase.INCREMENTAL, Map.of("position", position));
    }

    private static List<EmailMessage> messages(AccountId account, String prefix, int n) {
        List<EmailMessage> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(EmailMessage.builder(account, prefix + i).folderId(INBOX).subject("s" + i)
                    .receivedAt(Instant.parse("2025-01-01T00:00:00Z")).build());
        }
        return list;
    }

    @Test
    void killedBackendMidApplyAndSaveLeavesNoPartialBatchAndNoAdvancedCursor() throws Exception {
        AccountId account = AccountId.of("kill-" + UUID.randomUUID());
        try (JdbcMailStore store = Stores.fresh("lostconn");
             Connection blocker = TestPostgres.shared().dataSource().getConnection();
             Connection admin = TestPostgres.shared().dataSource().getConnection()) {
            store.applyAndSave(ChangeBatch.builder(account, INBOX, cursor("1"))
                    .upserts(messages(account, "old-", 10)).build(), NO_VERSION);
            // Hold a row lock on "old-0": the batch below stores its cursor and upserts, then waits on the deletion.
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("SELECT 1 FROM \"" + store.schema() + "\".email_index WHERE email_account_id = '"
                        + account.value() + "' AND provider_message_id = 'old-0' FOR UPDATE");
            }
            ChangeBatch batch = ChangeBatch.builder(account, INBOX, cursor("2"))
                    .upserts(messages(account, "new-", 500)).deletion("old-0").build();

            CompletableFuture<Object> applying = CompletableFuture.supplyAsync(() -> store.applyAndSave(batch, 1));
            int pid = awaitBlockedBackend(admin, store.schema());
            try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                ps.setInt(1, pid);
                ps.execute();
            }

            assertThat(applying).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                    .havingRootCause().isInstanceOf(java.sql.SQLException.class);
            assertThat(applying.handle((r, e) -> e.getCause())).succeedsWithin(Duration.ofSeconds(1))
                    .isInstanceOf(StoreException.class);
            blocker.rollback();

            assertThat(store.count(account)).as("no partial batch").isEqualTo(10);
            assertThat(store.find(account, "new-0")).isEmpty();
            assertThat(store.load(account, INBOX).orElseThrow().version()).as("cursor not advanced").isEqualTo(1);
            assertThat(store.load(account, INBOX).orElseThrow().cursor()).isEqualTo(cursor("1"));

            // The pool replaced the dead connection: the replay succeeds and stores everything once.
            assertThat(store.applyAndSave(batch, 1).inserted()).hasSize(500);
            assertThat(store.count(account)).isEqualTo(509);
            assertThat(store.load(account, INBOX).orElseThrow().version()).isEqualTo(2);
        }
    }

    @Test
    void killedBackendMidApplyAndSaveAndEnqueueLeavesNoRowsNoCursorAndNoJobs() throws Exception {
        AccountId account = AccountId.of("killq-" + UUID.randomUUID());
        try (JdbcMailStore store = Stores.fresh("lostq");
             Connection blocker = TestPostgres.shared().dataSource().getConnection();
             Connection admin = TestPostgres.shared().dataSource().getConnection()) {
            store.applyAndSaveAndEnqueue(ChangeBatch.builder(account, INBOX, cursor("1"))
                    .upserts(messages(account, "old-", 10)).build(), NO_VERSION, m -> 50);
            assertThat(store.depth(account)).isEqualTo(10);
            // An uncommitted job for "new-7": the batch below stores its cursor and rows, then waits on that key.
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("INSERT INTO \"" + store.schema() + "\".processing_jobs (email_account_id, "
                        + "provider_message_id) VALUES ('" + account.value() + "', 'new-7')");
            }
            ChangeBatch batch = ChangeBatch.builder(account, INBOX, cursor("2"))
                    .upserts(messages(account, "new-", 300)).build();

            CompletableFuture<Object> applying = CompletableFuture.supplyAsync(
                    () -> store.applyAndSaveAndEnqueue(batch, 1, m -> 90));
            int pid = awaitBlocked(admin, "%INSERT INTO \"" + store.schema() + "\".processing_jobs%");
            try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                ps.setInt(1, pid);
                ps.execute();
            }
            assertThat(applying).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                    .havingRootCause().isInstanceOf(java.sql.SQLException.class);
            blocker.rollback();

            assertThat(store.count(account)).as("no batch rows").isEqualTo(10);
            assertThat(store.load(account, INBOX).orElseThrow().version()).as("no cursor").isEqualTo(1);
            assertThat(store.depth(account)).as("no jobs").isEqualTo(10);
            assertThat(store.claim(100, Duration.ofMinutes(1))).extracting(j -> j.providerMessageId())
                    .allMatch(id -> id.startsWith("old-"));

            // The replay stores the batch and queues each new message once.
            assertThat(store.applyAndSaveAndEnqueue(batch, 1, m -> 90).inserted()).hasSize(300);
            assertThat(store.depth(account)).isEqualTo(310);
        }
    }

    private static int awaitBlockedBackend(Connection admin, String schema) {
        return awaitBlocked(admin, "DELETE FROM \"" + schema + "\".email_index%");
    }

    private static int awaitBlocked(Connection admin, String queryPattern) {
        int[] pid = new int[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (PreparedStatement ps = admin.prepareStatement("SELECT pid FROM pg_stat_activity "
                    + "WHERE wait_event_type = 'Lock' AND query LIKE ?")) {
                ps.setString(1, queryPattern);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        pid[0] = rs.getInt(1);
                        return true;
                    }
                    return false;
                }
            }
        });
        return pid[0];
    }
}
