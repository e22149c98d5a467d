package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.AccountRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Account leases against a real PostgreSQL: two stores on one schema stand for two instances. */
class AccountLeasesIT {

    private static JdbcMailStore instanceA;
    private static JdbcMailStore instanceB;

    @BeforeAll
    static void start() {
        instanceA = Stores.fresh("leases");
        instanceB = Stores.builder("unused").schema(instanceA.schema()).runMigrations(false).build();
    }

    @AfterAll
    static void stop() {
        instanceB.close();
        instanceA.close();
    }

    private static AccountId account() {
        return AccountId.of("lease-" + UUID.randomUUID());
    }

    @Test
    void aLiveLeaseKeepsOtherOwnersOutAndItsOwnerRenewsIt() {
        AccountId account = account();

        AccountLeases.Lease first = instanceA.leases().tryAcquire(account, "a", Duration.ofMinutes(1)).orElseThrow();

        assertThat(first.owner()).isEqualTo("a");
        assertThat(instanceB.leases().tryAcquire(account, "b", Duration.ofMinutes(1))).isEmpty();
        assertThat(instanceB.leases().renew(account, "b", Duration.ofMinutes(1))).isFalse();
        assertThat(instanceB.leases().release(account, "b")).isFalse();
        assertThat(instanceA.leases().renew(account, "a", Duration.ofMinutes(2))).isTrue();
        AccountLeases.Lease again = instanceA.leases().tryAcquire(account, "a", Duration.ofMinutes(1)).orElseThrow();
        assertThat(again.acquiredAt()).as("re-acquiring its own lease keeps acquiredAt").isEqualTo(first.acquiredAt());
        assertThat(instanceB.leases().find(account).orElseThrow().owner()).isEqualTo("a");
        assertThat(instanceA.leases().owned("a")).extracting(AccountLeases.Lease::accountId).contains(account);
        assertThat(instanceA.leases().owned("b")).extracting(AccountLeases.Lease::accountId).doesNotContain(account);
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerOwnerCannotRenewIt() throws Exception {
        AccountId account = account();
        instanceA.leases().tryAcquire(account, "a", Duration.ofMillis(200)).orElseThrow();

        Thread.sleep(400);

        assertThat(instanceA.leases().owned("a")).extracting(AccountLeases.Lease::accountId).doesNotContain(account);
        AccountLeases.Lease taken = instanceB.leases().tryAcquire(account, "b", Duration.ofMinutes(1)).orElseThrow();
        assertThat(taken.owner()).isEqualTo("b");
        assertThat(instanceA.leases().renew(account, "a", Duration.ofMinutes(1))).isFalse();
        assertThat(instanceA.leases().tryAcquire(account, "a", Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void aReleasedLeaseCanBeTakenAtOnce() {
        AccountId account = account();
        instanceA.leases().tryAcquire(account, "a", Duration.ofMinutes(10)).orElseThrow();

        assertThat(instanceA.leases().release(account, "a")).isTrue();

        assertThat(instanceB.leases().tryAcquire(account, "b", Duration.ofMinutes(1))).isPresent();
    }

    @Test
    void concurrentAcquirersNeverBothOwnAnAccount() throws Exception {
        List<AccountId> accounts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            accounts.add(account());
        }
        List<Callable<List<AccountId>>> racers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            JdbcMailStore store = r % 2 == 0 ? instanceA : instanceB;
            String owner = "racer-" + r;
            racers.add(() -> {
                List<AccountId> won = new ArrayList<>();
                for (AccountId account : accounts) {
                    store.leases().tryAcquire(account, owner, Duration.ofMinutes(1)).ifPresent(l -> won.add(account));
                }
                return won;
            });
        }
        Map<AccountId, Integer> owners = new HashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<List<AccountId>> f : pool.invokeAll(racers)) {
                f.get().forEach(a -> owners.merge(a, 1, Integer::sum));
            }
        }
        assertThat(owners).hasSize(accounts.size());
        assertThat(owners.values()).containsOnly(1);
    }

    @Test
    void acquireAvailableSplitsTheActiveAccountsBetweenInstancesWithoutOverlap() throws Exception {
        try (JdbcMailStore a = Stores.fresh("leasepool");
             JdbcMailStore b = Stores.builder("unused").schema(a.schema()).runMigrations(false).build()) {
            for (int i = 0; i < 30; i++) {
                a.save(AccountRecord.newAccount(SyncOptions.builder().provider(Provider.IMAP)
                        .accountId(AccountId.of("acc-" + i)).userId("user-" + i).email("u" + i + "@example.org")
                        .build(), Instant.parse("2025-05-02T00:00:00Z")));
            }
            List<Callable<List<AccountLeases.Lease>>> instances = List.of(
                    () -> a.leases().acquireAvailable("instance-a", Duration.ofMinutes(1), 20),
                    () -> b.leases().acquireAvailable("instance-b", Duration.ofMinutes(1), 20));
            List<AccountId> taken = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                for (Future<List<AccountLeases.Lease>> f : pool.invokeAll(instances)) {
                    f.get().forEach(l -> taken.add(l.accountId()));
                }
            }
            assertThat(taken).doesNotHaveDuplicates();
            assertThat(taken).hasSizeGreaterThanOrEqualTo(20);
            List<AccountLeases.Lease> rest = a.leases().acquireAvailable("instance-c", Duration.ofMinutes(1), 100);
            assertThat(taken.size() + rest.size()).isEqualTo(30);
            assertThat(rest).extracting(AccountLeases.Lease::accountId).doesNotContainAnyElementsOf(taken);
        }
    }
}
