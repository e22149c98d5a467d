package io.mailsync.gmail;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.testkit.gmail.GmailFake;
import io.mailsync.testkit.gmail.GmailFakeMailbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The real engine over the in-memory store and a GmailMailProvider pointed at a GmailFake. */
final class GmailTestSupport implements AutoCloseable {

    static final AccountId ALICE = AccountId.of("alice");
    static final String ALICE_EMAIL = "alice@example.com";

    final GmailFake fake;
    final GmailFakeMailbox mailbox;
    final InMemoryMailStore store = new InMemoryMailStore();
    final GmailMailProvider provider;
    final ConcurrentLinkedQueue<SyncEvent> events = new ConcurrentLinkedQueue<>();
    final AtomicInteger refreshes = new AtomicInteger();
    final MailSync mailSync;

    GmailTestSupport(GmailFake fake, Consumer<GmailMailProvider.Builder> providerConfig,
                     Consumer<MailSync.Builder> engineConfig) {
        this.fake = fake;
        this.mailbox = fake.mailbox(ALICE_EMAIL).grantToken("token-0");
        GmailMailProvider.Builder pb = GmailMailProvider.builder().rootUrl(fake.rootUrl());
        providerConfig.accept(pb);
        this.provider = pb.build();
        store.save(ALICE, Credential.oauth2(ALICE_EMAIL, "token-0", "refresh-secret", Instant.now().plusSeconds(3600)));
        MailSync.Builder b = MailSync.builder().store(store).provider(provider).listener(events::add)
                .backoff(Duration.ofMillis(50), Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(5))
                .tokenRefresher((id, current) -> {
                    String next = "token-" + refreshes.incrementAndGet();
                    mailbox.grantToken(next);
                    return Credential.oauth2(ALICE_EMAIL, next, "refresh-secret", Instant.now().plusSeconds(3600));
                });
        engineConfig.accept(b);
        this.mailSync = b.build();
    }

    /** A fast fake (generous quota) and a provider paced to it. */
    static GmailTestSupport fast() {
        return new GmailTestSupport(GmailFake.builder().quota(100_000, Duration.ofSeconds(1)).build(),
                p -> p.quota(new GmailQuota(100_000, 100_000, 5)), b -> { });
    }

    static SyncOptions options() {
        return SyncOptions.builder().provider(Provider.GOOGLE).accountId(ALICE).userId("user-alice")
                .email(ALICE_EMAIL).pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build();
    }

    /** The ids of the stored messages. */
    Set<String> storedIds() {
        return store.messages(ALICE).stream().map(EmailMessage::providerMessageId).collect(Collectors.toSet());
    }

    /** The ids of the messages Gmail lists by default (not SPAM/TRASH). */
    Set<String> visibleIds() {
        return mailbox.messageIds().stream().filter(id -> mailbox.labels(id)
                .map(l -> !l.contains("SPAM") && !l.contains("TRASH")).orElse(false)).collect(Collectors.toSet());
    }

    <T extends SyncEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<String> createdIds() {
        return events(SyncEvent.MessageCreated.class).stream().map(e -> e.message().providerMessageId()).toList();
    }

    @Override
    public void close() {
        mailSync.close();
        provider.close();
        fake.close();
    }
}
