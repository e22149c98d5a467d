package io.mailsync.imap;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.testkit.imap.ImapServer;
import io.mailsync.testkit.imap.ImapTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real engine (MailSync + InMemoryMailStore) over an ImapMailProvider pointed at a test server. */
final class ImapHarness implements AutoCloseable {

    final ImapServer server;
    final InMemoryMailStore store = new InMemoryMailStore();
    final ConcurrentLinkedQueue<SyncEvent> events = new ConcurrentLinkedQueue<>();
    final ImapMailProvider provider;
    final MailSync mailSync;

    ImapHarness(ImapServer server, Consumer<ImapMailProvider.Builder> providerCustomizer) {
        this.server = server;
        ImapMailProvider.Builder pb = ImapMailProvider.builder().host(server.host()).port(server.port())
                .security(ImapSecurity.PLAIN).connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(20))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
        providerCustomizer.accept(pb);
        provider = pb.build();
        mailSync = MailSync.builder().store(store).provider(provider).listener(events::add).pageSize(50)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(500)).shutdownTimeout(Duration.ofSeconds(5)).build();
    }

    ImapHarness(ImapServer server) {
        this(server, b -> { });
    }

    /** Registers the account (user = password-less login name) with its password credential. */
    SyncOptions account(String user, String password) {
        AccountId id = AccountId.of(user);
        server.addUser(user, password);
        store.save(id, Credential.password(user, password));
        SyncOptions options = SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId("user-" + user)
                .email(user + "@example.com").pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build();
        mailSync.registerAccount(options);
        return options;
    }

    ImapTestClient client(String user, String password) {
        return server.client(user, password);
    }

    /** The stored messages of a folder by UID. */
    Map<Long, EmailMessage> stored(String user, String folder) {
        Map<Long, EmailMessage> byUid = new TreeMap<>();
        for (EmailMessage m : store.messages(AccountId.of(user))) {
            ImapMessageId id = ImapMessageId.parse(m.providerMessageId());
            if (id.folder().equals(folder)) {
                byUid.put(id.uid(), m);
            }
        }
        return byUid;
    }

    /** Asserts that the store holds exactly the folder's messages with the server's flags. */
    void assertStoreEqualsFolder(String user, String password, String folder) {
        try (ImapTestClient client = client(user, password)) {
            Map<Long, Set<String>> server = client.flagsByUid(folder);
            long uidValidity = client.uidValidity(folder);
            Map<Long, EmailMessage> stored = stored(user, folder);
            assertThat(stored.keySet()).containsExactlyElementsOf(server.keySet());
            stored.forEach((uid, m) -> {
                assertThat(ImapMessageId.parse(m.providerMessageId()).uidValidity()).isEqualTo(uidValidity);
                Set<String> expected = new java.util.TreeSet<>(server.get(uid));
                expected.remove("\\Recent");
                assertThat(new java.util.TreeSet<>(m.flags())).as("flags of UID %s", uid).isEqualTo(expected);
            });
        }
    }

    void awaitStoreEqualsFolder(String user, String password, String folder) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertStoreEqualsFolder(user, password, folder));
    }

    <T extends SyncEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<String> createdIds(String user) {
        return events(SyncEvent.MessageCreated.class).stream().filter(e -> e.accountId().value().equals(user))
                .map(e -> e.message().providerMessageId()).toList();
    }

    @Override
    public void close() {
        mailSync.close();
    }
}
