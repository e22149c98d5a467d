package io.mailsync.core;

import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.FetchRequest;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.core.spi.MailboxSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The engine against a mocked provider SPI: the contract between MailSync and a MailProvider. */
@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class MailSyncTest {

    private static final AccountId ACCOUNT = AccountId.of("a1");
    private static final FolderId INBOX = FolderId.of("INBOX");
    private static final SyncOptions OPTIONS = SyncOptions.builder().provider(Provider.IMAP).accountId(ACCOUNT)
            .userId("u1").email("a1@example.com").pollingInterval(Duration.ofHours(1)).build();

    @Mock
    MailProvider provider;
    @Mock
    MailboxSession session;

    private final InMemoryMailStore store = new InMemoryMailStore();

    @BeforeEach
    void wireProvider() {
        when(provider.provider()).thenReturn(Provider.IMAP);
        when(provider.open(any())).thenReturn(session);
        when(session.folders()).thenReturn(List.of(new MailFolder(INBOX, "INBOX", FolderRole.INBOX)));
    }

    private MailSync.Builder builder() {
        return MailSync.builder().store(store).provider(provider).backoff(Duration.ofMillis(10), Duration.ofMillis(50));
    }

    private static ChangeBatch page(String seq, String... ids) {
        ChangeBatch.Builder b = ChangeBatch.builder(ACCOUNT, INBOX,
                SyncCursor.of(INBOX, SyncCursor.Phase.INCREMENTAL, Map.of("seq", seq)));
        for (String id : ids) {
            b.upsert(EmailMessage.builder(ACCOUNT, id).folderId(INBOX).build());
        }
        return b.build();
    }

    @Test
    void storesWhatTheProviderReturnsAndSavesItsCursor() throws Exception {
        when(session.fetchChanges(any())).thenReturn(page("1", "m1", "m2"));
        try (MailSync mailSync = builder().build()) {
            mailSync.registerAccount(OPTIONS);

            SyncReport report = mailSync.syncNow(ACCOUNT).get(5, TimeUnit.SECONDS);

            assertThat(report.inserted()).isEqualTo(2);
            assertThat(store.count(ACCOUNT)).isEqualTo(2);
            assertThat(store.load(ACCOUNT, INBOX)).hasValueSatisfying(c -> assertThat(c.cursor().get("seq")).hasValue("1"));
        }
    }

    @Test
    void theSecondSyncStartsFromTheStoredCursor() throws Exception {
        when(session.fetchChanges(any())).thenReturn(page("1", "m1"));
        try (MailSync mailSync = builder().build()) {
            mailSync.registerAccount(OPTIONS);
            mailSync.syncNow(ACCOUNT).get(5, TimeUnit.SECONDS);
            mailSync.syncNow(ACCOUNT).get(5, TimeUnit.SECONDS);

            org.mockito.ArgumentCaptor<FetchRequest> requests = org.mockito.ArgumentCaptor.forClass(FetchRequest.class);
            verify(session, times(2)).fetchChanges(requests.capture());
            assertThat(requests.getAllValues().get(0).isFullRound()).isTrue();
            assertThat(requests.getAllValues().get(1).cursor()).hasValueSatisfying(c ->
                    assertThat(c.get("seq")).hasValue("1"));
        }
    }

    @Test
    void triggersDuringABlockedSyncAreCoalescedIntoOneFollowUp() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(session.fetchChanges(any())).thenAnswer(inv -> {
            entered.countDown();
            release.await();
            return page("1");
        });
        try (MailSync mailSync = builder().build()) {
            mailSync.startRealTimeSync(OPTIONS);
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 1000; i++) {
                mailSync.trigger(ACCOUNT, INBOX, TriggerSource.WEBHOOK);
            }
            release.countDown();

            await().untilAsserted(() -> verify(session, times(2)).fetchChanges(any()));
            Thread.sleep(200);
            verify(session, atMost(2)).fetchChanges(any());
        }
    }

    @Test
    void anAuthenticationFailureStopsTheAccountUntilRestart() throws Exception {
        when(provider.open(any())).thenThrow(new AuthenticationRequiredException(ACCOUNT, "invalid_grant"));
        try (MailSync mailSync = builder().build()) {
            mailSync.startRealTimeSync(OPTIONS);
            await().until(() -> mailSync.getSyncStatus(ACCOUNT).state() == SyncState.AUTH_REQUIRED);
            for (int i = 0; i < 3; i++) {
                SyncReport report = mailSync.syncNow(ACCOUNT).get(5, TimeUnit.SECONDS);
                assertThat(report.failures()).containsKey(FolderId.ALL);
            }
            Thread.sleep(100);

            verify(provider, times(1)).open(any());
            assertThat(mailSync.getSyncStatus(ACCOUNT).lastError()).hasValueSatisfying(e ->
                    assertThat(e.category()).isEqualTo(ErrorCategory.AUTHENTICATION));
        }
    }

    @Test
    void meterRegistryCountsTriggersMessagesAndSyncDurations() throws Exception {
        when(session.fetchChanges(any())).thenReturn(page("1", "m1", "m2", "m3"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MailSync mailSync = builder().meterRegistry(registry).build()) {
            mailSync.startRealTimeSync(OPTIONS);
            mailSync.syncNow(ACCOUNT).get(5, TimeUnit.SECONDS);

            assertThat(registry.get("mailsync.messages").tag("provider", "imap").tag("change", "inserted")
                    .counter().count()).isEqualTo(3);
            assertThat(registry.get("mailsync.triggers").tag("provider", "imap").tag("source", "start").tag("outcome", "scheduled")
                    .counter().count()).isEqualTo(1);
            assertThat(registry.get("mailsync.sync.duration").tag("provider", "imap").tag("outcome", "success").timer().count()).isPositive();
        }
    }

    @Test
    void closeClosesTheProvidersAndRefusesNewWork() {
        MailSync mailSync = builder().build();
        mailSync.close();
        mailSync.close();

        verify(provider).close();
        assertThatThrownBy(() -> mailSync.startRealTimeSync(OPTIONS)).isInstanceOf(IllegalStateException.class)
                .hasMessage("MailSync is closed");
        assertThat(mailSync.trigger(ACCOUNT, INBOX, TriggerSource.WEBHOOK)).isFalse();
    }

    @Test
    void builderNamesTheInvalidSetting() {
        assertThatThrownBy(() -> MailSync.builder().build())
                .hasMessage("providers must not be empty: add at least one MailProvider");
        assertThatThrownBy(() -> builder().pageSize(0).build()).hasMessage("pageSize must be in 1..10000, was 0");
        assertThatThrownBy(() -> builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .hasMessage("maxBackoff must be >= initialBackoff (PT2S), was PT1S");
        assertThatThrownBy(() -> ProcessingOptions.builder().workers(0).build())
                .hasMessage("workers must be in 1..256, was 0");
        assertThatThrownBy(() -> ProcessingOptions.builder().retryDelay(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .build()).hasMessage("maxRetryDelay must be >= initialRetryDelay (PT2S), was PT1S");
        assertThatThrownBy(() -> builder().provider(org.mockito.Mockito.mock(MailProvider.class,
                inv -> inv.getMethod().getName().equals("provider") ? Provider.IMAP : null)))
                .hasMessage("provider IMAP is given twice");
    }
}
