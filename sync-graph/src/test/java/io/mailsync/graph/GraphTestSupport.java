package io.mailsync.graph;

import io.mailsync.core.AccountId;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.TokenRefresher;
import io.mailsync.testkit.graph.FakeMailbox;
import io.mailsync.testkit.graph.FakeMessage;
import io.mailsync.testkit.graph.GraphFake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A MailSync over the in-memory store and a GraphMailProvider pointed at a GraphFake, recording events. */
final class GraphTestSupport implements AutoCloseable {

    static final String USER = "bob";
    static final AccountId ACCOUNT = AccountId.of("acc-bob");

    final GraphFake fake;
    final InMemoryMailStore store = new InMemoryMailStore();
    final ConcurrentLinkedQueue<SyncEvent> events = new ConcurrentLinkedQueue<>();
    final AtomicInteger refreshes = new AtomicInteger();
    volatile TokenRefresher refresher;
    final GraphMailProvider provider;
    final MailSync mailSync;

    GraphTestSupport(GraphFake fake, Consumer<GraphMailProvider.Builder> providerConfig,
                     Consumer<MailSync.Builder> syncConfig) {
        this.fake = fake;
        store.save(ACCOUNT, Credential.oauth2(USER + "@example.com", fake.issueToken(USER), "refresh-1",
                Instant.now().plus(Duration.ofHours(1))));
        refresher = (id, current) -> {
            refreshes.incrementAndGet();
            return Credential.oauth2(current.username(), fake.issueToken(USER), "refresh-2",
                    Instant.now().plus(Duration.ofHours(1)));
        };
        GraphMailProvider.Builder pb = GraphMailProvider.builder().baseUrl(fake.baseUrl()).pageSize(10)
                .maxInlineRetryDelay(Duration.ofSeconds(1));
        providerConfig.accept(pb);
        provider = pb.build();
        MailSync.Builder mb = MailSync.builder().store(store).provider(provider).listener(events::add)
                .tokenRefresher((id, c) -> refresher.refresh(id, c))
                .backoff(Duration.ofMillis(50), Duration.ofSeconds(2)).shutdownTimeout(Duration.ofSeconds(5));
        syncConfig.accept(mb);
        mailSync = mb.build();
    }

    static SyncOptions options(boolean webhooks) {
        return SyncOptions.builder().provider(Provider.MICROSOFT).accountId(ACCOUNT).userId("user-bob")
                .email(USER + "@example.com").enableWebhooks(webhooks).pollingInterval(Duration.ofHours(1))
                .notifyFrom(Instant.EPOCH).build();
    }

    FakeMailbox mailbox() {
        return fake.mailbox(USER);
    }

    static List<FakeMessage> fill(FakeMailbox box, String folder, int n) {
        List<FakeMessage> out = new ArrayList<>();
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        for (int i = 0; i < n; i++) {
            out.add(box.add(folder, FakeMessage.builder().subject(folder + " " + i).bodyPreview("preview " + i)
                    .from("Ada Lovelace", "ada@example.org").to("bob@example.com")
                    .receivedDateTime(t.plusSeconds(60L * i)).build()));
        }
        return out;
    }

    /** Provider ids of the stored messages of the account. */
    List<String> storedIds() {
        return store.messages(ACCOUNT).stream().map(m -> m.providerMessageId()).sorted().toList();
    }

    /** Provider ids of the given folders of the fake mailbox. */
    List<String> mailboxIds(String... folders) {
        List<String> ids = new ArrayList<>();
        for (String f : folders) {
            mailbox().messages(f).forEach(m -> ids.add(m.id()));
        }
        return ids.stream().sorted().toList();
    }

    List<String> createdIds() {
        return events.stream().filter(e -> e instanceof SyncEvent.MessageCreated).map(e ->
                ((SyncEvent.MessageCreated) e).message().providerMessageId()).toList();
    }

    @Override
    public void close() {
        mailSync.close();
        fake.close();
    }
}
