package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.SyncListener;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A MailSync over the in-memory store and the scripted provider, recording every event. */
final class EngineHarness implements AutoCloseable {

    final InMemoryMailStore store;
    final ScriptedMailProvider provider;
    final ConcurrentLinkedQueue<SyncEvent> events = new ConcurrentLinkedQueue<>();
    final MailSync mailSync;

    EngineHarness() {
        this(b -> { });
    }

    EngineHarness(Consumer<MailSync.Builder> customizer) {
        this(new InMemoryMailStore(), new ScriptedMailProvider(Provider.IMAP), customizer);
    }

    /** A harness over an existing store and provider: a restarted JVM. */
    EngineHarness(InMemoryMailStore store, ScriptedMailProvider provider, Consumer<MailSync.Builder> customizer) {
        this.store = store;
        this.provider = provider;
        MailSync.Builder builder = MailSync.builder()
                .store(store)
                .provider(provider)
                .listener(events::add)
                .pageSize(50)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(200))
                .shutdownTimeout(Duration.ofSeconds(5));
        customizer.accept(builder);
        mailSync = builder.build();
    }

    static SyncOptions options(AccountId id) {
        return SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId("user-" + id)
                .email(id.value() + "@example.com").pollingInterval(Duration.ofHours(1))
                .notifyFrom(Instant.EPOCH).build();
    }

    ScriptedMailbox mailbox(AccountId id) {
        return provider.mailbox(id);
    }

    <T extends SyncEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<String> createdIds(AccountId id) {
        return events(SyncEvent.MessageCreated.class).stream().filter(e -> e.accountId().equals(id))
                .map(e -> e.message().providerMessageId()).toList();
    }

    /** Waits until the store holds exactly the mailbox's messages. */
    void awaitStoreEqualsMailbox(AccountId id) {
        ScriptedMailbox mailbox = mailbox(id);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(store.messages(id)).containsExactlyElementsOf(mailbox.messages()));
    }

    static SyncListener noop() {
        return e -> { };
    }

    @Override
    public void close() {
        mailSync.close();
    }
}
