package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.Contact;
import io.mailsync.core.spi.Draft;
import io.mailsync.testkit.postgres.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** V3 upgrades a V2 schema that already holds V1-style contacts and drafts without losing them. */
class JdbcV3MigrationIT {

    @Test
    void v1StyleContactsAndDraftsSurviveTheUpgrade() throws Exception {
        TestPostgres pg = TestPostgres.shared();
        String schema = pg.newSchemaName("upgrade");
        try (JdbcMailStore v2 = Stores.builder("unused").runMigrations(false).build()) {
            Flyway.configure().dataSource(v2.dataSource()).schemas(schema).defaultSchema(schema).createSchemas(true)
                    .locations("classpath:io/mailsync/jdbc/migration").target("2").load().migrate();
            try (Connection c = v2.dataSource().getConnection(); Statement s = c.createStatement()) {
                String q = '"' + schema + '"';
                s.execute("INSERT INTO " + q + ".contacts (email_account_id, address, name, message_count, last_seen_at)"
                        + " VALUES ('acc', 'old@example.com', 'Old Friend', 5, '2025-01-02T00:00:00Z')");
                s.execute("INSERT INTO " + q + ".drafts_cache (email_account_id, provider_message_id, content,"
                        + " created_at, expires_at) VALUES"
                        + " ('acc', 'm1', '{\"threadId\":\"t1\",\"body\":\"older\"}', '2025-01-01T00:00:00Z',"
                        + "  '2025-01-08T00:00:00Z'),"
                        + " ('acc', 'm2', '{\"threadId\":\"t1\",\"body\":\"newer\",\"threadFingerprint\":\"fp\"}',"
                        + "  '2025-01-02T00:00:00Z', '2025-01-09T00:00:00Z')");
            }
        }
        try (JdbcMailStore store = JdbcMailStore.builder().jdbcUrl(pg.jdbcUrl()).username(pg.user())
                .password(pg.password()).maximumPoolSize(2).schema(schema).build()) {
            AccountId acc = AccountId.of("acc");
            Contact old = store.contacts().find(acc, "old@example.com").orElseThrow();
            assertThat(old.inbound()).isEqualTo(5);
            assertThat(old.displayName()).isEqualTo("Old Friend");
            assertThat(old.firstSeen()).isEqualTo(Instant.parse("2025-01-02T00:00:00Z"));
            Draft kept = store.drafts().find(acc, "t1").orElseThrow();
            assertThat(kept.body()).isEqualTo("newer");
            assertThat(kept.providerMessageId()).isEqualTo("m2");
            assertThat(kept.threadFingerprint()).isEqualTo("fp");
            assertThat(store.drafts().deleteExpired(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo(1);
        }
    }
}
