package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.MailSync;
import io.mailsync.core.ProcessingOptions;
import io.mailsync.core.ProcessingResult;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.processing.ContactsProcessor;
import io.mailsync.core.processing.DraftReplyProcessor;
import io.mailsync.core.spi.AiClient;
import io.mailsync.core.spi.Contact;
import io.mailsync.core.spi.Draft;
import io.mailsync.testkit.ScriptedMailProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine with the built-in contacts and draft processors over the PostgreSQL store alone: synced mail becomes
 * contacts and reply drafts in PostgreSQL (the AI is a local lambda).
 */
class JdbcContactsAndDraftsEndToEndIT {

    private static final String OWNER = "owner@example.com";

    private static JdbcMailStore store;

    @BeforeAll
    static void start() {
        store = Stores.fresh("procdb");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void newMessagesProduceContactsAndDraftsInPostgres() throws Exception {
        AccountId account = AccountId.of("e2e-" + UUID.randomUUID());
        ScriptedMailProvider provider = new ScriptedMailProvider(Provider.IMAP);
        AtomicInteger aiCalls = new AtomicInteger();
        AiClient ai = request -> "Thanks, I will get back to you. (" + aiCalls.incrementAndGet() + ")";
        ProcessingOptions fast = ProcessingOptions.builder().batchSize(10).pollInterval(Duration.ofMillis(20))
                .retryDelay(Duration.ofMillis(20), Duration.ofMillis(40)).build();
        EmailAddress pat = EmailAddress.of("Pat Lee", "Pat@Example.org");
        List<EmailMessage> fromPat = List.of(
                provider.mailbox(account).deliver("INBOX", b -> b.from(pat)),
                provider.mailbox(account).deliver("INBOX", b -> b.from(pat).cc(List.of(EmailAddress.of("Kim",
                        "kim@example.org")))),
                provider.mailbox(account).deliver("INBOX", b -> b.from(pat)));
        EmailMessage sent = provider.mailbox(account).deliver("INBOX",
                b -> b.from(EmailAddress.of("Owner", OWNER)).to(List.of(pat)));

        try (MailSync mailSync = MailSync.builder().store(store).provider(provider).processing(fast)
                .processor(new ContactsProcessor(store.contacts()))
                .processor(DraftReplyProcessor.builder(ai, store.drafts()).build())
                .backoff(Duration.ofMillis(10), Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(5))
                .build()) {
            mailSync.startRealTimeSync(SyncOptions.builder().provider(Provider.IMAP).accountId(account)
                    .userId("user-e2e").email(OWNER).enableAI(true).enableDraftPreparation(true)
                    .pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build());

            await().atMost(Duration.ofSeconds(30)).until(() -> mailSync.getSyncStatus(account).queueDepth() == 0
                    && store.drafts().drafts(account, Instant.now()).size() == 3
                    && store.contacts().find(account, "pat@example.org").map(Contact::messages).orElse(0L) == 4);

            Contact contact = store.contacts().find(account, "pat@example.org").orElseThrow();
            assertThat(contact.inbound()).isEqualTo(3);
            assertThat(contact.outbound()).isEqualTo(1);
            assertThat(contact.displayName()).isEqualTo("Pat Lee");
            assertThat(store.contacts().contacts(account, 10)).extracting(Contact::address)
                    .containsExactly("pat@example.org", "kim@example.org");
            for (EmailMessage m : fromPat) {
                assertThat(store.contacts().find(account, m.from().orElseThrow().address())).isPresent();
            }

            List<Draft> drafts = store.drafts().drafts(account, Instant.now());
            assertThat(drafts).extracting(Draft::providerMessageId).containsExactlyInAnyOrderElementsOf(
                    fromPat.stream().map(EmailMessage::providerMessageId).toList());
            assertThat(drafts).allSatisfy(d -> {
                assertThat(d.body()).startsWith("Thanks, I will get back to you.");
                assertThat(Duration.between(d.createdAt(), d.expiresAt())).isEqualTo(DraftReplyProcessor.DEFAULT_EXPIRY);
            });
            assertThat(aiCalls).hasValue(3);
            assertThat(mailSync.processingResults(account, sent.providerMessageId()))
                    .extracting(ProcessingResult::processor).contains(ContactsProcessor.NAME);
        }
    }
}
