package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.ErrorCategory;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncError;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncState;
import io.mailsync.core.spi.AccountRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** email_accounts keeps every field of an {@link AccountRecord}, the seed's flags included. */
class JdbcAccountStoreIT {

    @Test
    void accountRecordRoundTripsWithEveryFlag() {
        AccountId id = AccountId.of("acct-" + UUID.randomUUID());
        SyncOptions options = SyncOptions.builder().provider(Provider.MICROSOFT).accountId(id).userId("user-1")
                .email("ada@example.org").pollingIntervalMinutes(0.5).enableAI(true).enableDraftPreparation(true)
                .notifyFrom(Instant.parse("2025-05-01T00:00:00Z")).build();
        AccountRecord record = AccountRecord.newAccount(options, Instant.parse("2025-05-02T00:00:00Z"))
                .withRealTimeSyncActive(true)
                .withPush(Optional.of("subscription-1"), Optional.of(Instant.parse("2025-05-08T00:00:00Z")))
                .withState(SyncState.BACKOFF, Optional.of(new SyncError(ErrorCategory.TRANSIENT, "timeout",
                        Instant.parse("2025-05-03T00:00:00Z"))))
                .withLastSyncAt(Instant.parse("2025-05-03T01:00:00Z"));
        try (JdbcMailStore store = Stores.fresh("accounts")) {
            store.save(record);

            assertThat(store.find(id)).contains(record);
            assertThat(store.find(id).orElseThrow().options().pollingInterval()).isEqualTo(Duration.ofSeconds(30));
            AccountRecord stopped = record.withRealTimeSyncActive(false).withPush(Optional.empty(), Optional.empty());
            store.save(stopped);
            assertThat(store.findAll()).containsExactly(stopped);
            store.delete(id);
            assertThat(store.find(id)).isEmpty();
        }
    }

    @Test
    void builderNamesTheBadField() {
        assertThatThrownBy(() -> JdbcMailStore.builder().jdbcUrl("jdbc:postgresql://x/y").schema("Bad-Name").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("schema must");
        assertThatThrownBy(() -> JdbcMailStore.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataSource and jdbcUrl");
        assertThatThrownBy(() -> JdbcMailStore.builder().jdbcUrl("jdbc:mysql://x/y").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("jdbcUrl must");
    }
}
