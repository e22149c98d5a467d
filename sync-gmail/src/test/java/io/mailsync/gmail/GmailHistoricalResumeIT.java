package io.mailsync.gmail;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncReport;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.testkit.gmail.GmailFake;
import io.mailsync.testkit.gmail.GmailFakeMailbox;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.mailsync.gmail.GmailTestSupport.ALICE;
import static io.mailsync.gmail.GmailTestSupport.ALICE_EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A historical sync stopped half way (MailSync closed, as a host's shutdown or crash leaves it) resumes from the
 * stored cursor in a new MailSync over the same store: the messages already stored are not fetched again and no
 * message is announced twice.
 */
class GmailHistoricalResumeIT {

    private static final int MESSAGES = 1_200; // three messages.list pages

    @Test
    void restartedHistoricalSyncResumesFromTheStoredCursorWithoutRefetchingOrDuplicateEvents() throws Exception {
        try (GmailFake fake = GmailFake.builder().quota(100_000, Duration.ofSeconds(1)).build()) {
            GmailFakeMailbox mailbox = fake.mailbox(ALICE_EMAIL).grantToken("t");
            mailbox.insertMany(MESSAGES);
            InMemoryMailStore store = new InMemoryMailStore();
            store.save(ALICE, Credential.oauth2(ALICE_EMAIL, "t", null, Instant.now().plusSeconds(3600)));
            ConcurrentLinkedQueue<SyncEvent> events = new ConcurrentLinkedQueue<>();

            // first run: paced to 2,000 units/s (a few seconds for 1,200 messages), closed after 600 are stored
            CountDownLatch halfWay = new CountDownLatch(1);
            MailSync first = engine(fake, store, e -> {
                events.add(e);
                if (e instanceof SyncEvent.HistoricalSyncProgress p && p.synced() >= MESSAGES / 2) {
                    halfWay.countDown();
                }
            });
            first.registerAccount(GmailTestSupport.options());
            var unfinished = first.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL);
            assertThat(halfWay.await(60, TimeUnit.SECONDS)).isTrue();
            first.close();

            Set<String> storedBefore = ids(store.messages(ALICE));
            SyncCursor cursor = store.load(ALICE, FolderId.MAILBOX).orElseThrow().cursor();
            assertThat(storedBefore).hasSizeGreaterThanOrEqualTo(MESSAGES / 2).hasSizeLessThan(MESSAGES);
            assertThat(cursor.isIncremental()).as("stopped mid-historical").isFalse();
            assertThat(unfinished).isDone();
            long listsBefore = fake.calls("messages.list");

            // second run: a new engine and provider over the same store
            try (MailSync second = engine(fake, store, events::add)) {
                SyncReport report = second.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get(60, TimeUnit.SECONDS);
                assertThat(report.isSuccess()).as(report.toString()).isTrue();
            }

            assertThat(ids(store.messages(ALICE))).hasSize(MESSAGES).isEqualTo(mailbox.messageIds());
            assertThat(storedBefore).as("stored before the stop, fetched once in all")
                    .allSatisfy(id -> assertThat(fake.messageGets(ALICE_EMAIL, id)).isEqualTo(1));
            assertThat(fake.calls("messages.get")).isEqualTo(MESSAGES);
            // the restart re-lists only the page it stopped in, then the pages after it
            assertThat(fake.calls("messages.list") - listsBefore).isLessThanOrEqualTo(3 - (storedBefore.size() / 500));
            List<String> created = events.stream().filter(SyncEvent.MessageCreated.class::isInstance)
                    .map(e -> ((SyncEvent.MessageCreated) e).message().providerMessageId()).toList();
            assertThat(created).hasSize(MESSAGES).doesNotHaveDuplicates();
            assertThat(store.load(ALICE, FolderId.MAILBOX).orElseThrow().cursor().isIncremental()).isTrue();
        }
    }

    private static MailSync engine(GmailFake fake, InMemoryMailStore store, io.mailsync.core.spi.SyncListener l) {
        GmailMailProvider provider = GmailMailProvider.builder().rootUrl(fake.rootUrl())
                .quota(new GmailQuota(2_000, 2_000, 5)).build();
        return MailSync.builder().store(store).provider(provider).listener(l)
                .backoff(Duration.ofMillis(50), Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(10)).build();
    }

    private static Set<String> ids(List<EmailMessage> messages) {
        return messages.stream().map(EmailMessage::providerMessageId).collect(Collectors.toSet());
    }
}
