package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.spi.Contact;
import io.mailsync.core.spi.MessageContacts;
import io.mailsync.core.spi.MessageContacts.Direction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link JdbcContactStore} against PostgreSQL: the in-memory contact store's behaviour, plus concurrency. */
class JdbcContactStoreIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static JdbcMailStore store;
    private static JdbcContactStore contacts;

    @BeforeAll
    static void start() {
        store = Stores.fresh("contacts");
        contacts = store.contacts();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static AccountId account() {
        return AccountId.of("contacts-" + UUID.randomUUID());
    }

    private static MessageContacts message(AccountId a, String id, Direction d, Instant at, EmailAddress... people) {
        return new MessageContacts(a, id, d, at, List.of(people));
    }

    @Test
    void mergeCountsEachDirectionAndWidensFirstAndLastSeen() {
        AccountId a = account();
        EmailAddress bob = new EmailAddress("Bob", "bob@example.com");
        contacts.merge(List.of(message(a, "m1", Direction.INBOUND, T0.plusSeconds(100), bob),
                message(a, "m2", Direction.OUTBOUND, T0, bob),
                message(a, "m3", Direction.INBOUND, T0.plusSeconds(50), bob)));

        Contact c = contacts.find(a, "bob@example.com").orElseThrow();
        assertThat(c.inbound()).isEqualTo(2);
        assertThat(c.outbound()).isEqualTo(1);
        assertThat(c.messages()).isEqualTo(3);
        assertThat(c.firstSeen()).isEqualTo(T0);
        assertThat(c.lastSeen()).isEqualTo(T0.plusSeconds(100));
    }

    @Test
    void addressesAreComparedCaseInsensitivelyAndAPersonCountsOncePerMessage() {
        AccountId a = account();
        contacts.merge(List.of(message(a, "m1", Direction.INBOUND, T0,
                new EmailAddress("Carol", "Carol@Example.COM"), new EmailAddress("", " carol@example.com"))));

        assertThat(contacts.find(a, " CAROL@example.com ")).get().satisfies(c -> {
            assertThat(c.address()).isEqualTo("carol@example.com");
            assertThat(c.inbound()).isEqualTo(1);
            assertThat(c.displayName()).isEqualTo("Carol");
        });
        assertThat(contacts.find(account(), "carol@example.com")).isEmpty();
    }

    @Test
    void theDisplayNameFollowsTheNewestMessageThatHasOne() {
        AccountId a = account();
        contacts.merge(List.of(message(a, "m1", Direction.INBOUND, T0, new EmailAddress("Dan", "dan@example.com"))));
        contacts.merge(List.of(message(a, "m2", Direction.INBOUND, T0.plusSeconds(60),
                new EmailAddress("Daniel Smith", "dan@example.com"))));
        contacts.merge(List.of(message(a, "m3", Direction.INBOUND, T0.plusSeconds(30),
                new EmailAddress("Danny", "dan@example.com"))));
        contacts.merge(List.of(message(a, "m4", Direction.INBOUND, T0.plusSeconds(90),
                new EmailAddress("", "dan@example.com"))));

        Contact c = contacts.find(a, "dan@example.com").orElseThrow();
        assertThat(c.displayName()).isEqualTo("Daniel Smith");
        assertThat(c.inbound()).isEqualTo(4);
        assertThat(c.lastSeen()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void aMessageMergedTwiceCountsOnce() {
        AccountId a = account();
        MessageContacts m = message(a, "m1", Direction.INBOUND, T0, new EmailAddress("Eve", "eve@example.com"));
        contacts.merge(List.of(m, m));
        contacts.merge(List.of(m));

        assertThat(contacts.find(a, "eve@example.com")).get().extracting(Contact::inbound).isEqualTo(1L);
    }

    @Test
    void contactsAreListedMostMessagesFirstUpToTheLimit() {
        AccountId a = account();
        EmailAddress x = new EmailAddress("", "x@example.com");
        EmailAddress y = new EmailAddress("", "y@example.com");
        EmailAddress z = new EmailAddress("", "z@example.com");
        contacts.merge(List.of(message(a, "m1", Direction.INBOUND, T0, x, y, z),
                message(a, "m2", Direction.OUTBOUND, T0, y, z), message(a, "m3", Direction.INBOUND, T0, z)));

        assertThat(contacts.contacts(a, 10)).extracting(Contact::address)
                .containsExactly("z@example.com", "y@example.com", "x@example.com");
        assertThat(contacts.contacts(a, 2)).hasSize(2);
    }

    @Test
    void concurrentMergesOfDifferentMessagesForOneContactAllCount() throws Exception {
        AccountId a = account();
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Instant at = T0.plusSeconds(thread * 1_000L + i);
                        // every message twice (a retried job) and sharing contacts, in varying order
                        MessageContacts m = message(a, "t" + thread + "-" + i, Direction.INBOUND, at,
                                new EmailAddress("Zed " + thread, "zed@example.com"),
                                new EmailAddress("", "amy@example.com"));
                        contacts.merge(List.of(m));
                        contacts.merge(List.of(m));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        Contact zed = contacts.find(a, "zed@example.com").orElseThrow();
        assertThat(zed.inbound()).isEqualTo(threads * perThread);
        assertThat(zed.firstSeen()).isEqualTo(T0);
        assertThat(zed.lastSeen()).isEqualTo(T0.plusSeconds((threads - 1) * 1_000L + perThread - 1));
        assertThat(zed.displayName()).isEqualTo("Zed " + (threads - 1));
        assertThat(contacts.find(a, "amy@example.com")).get().extracting(Contact::inbound)
                .isEqualTo((long) threads * perThread);
    }
}
