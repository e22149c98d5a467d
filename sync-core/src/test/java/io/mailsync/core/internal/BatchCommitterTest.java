package io.mailsync.core.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.StoreException;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.spi.AtomicSyncStore;
import io.mailsync.core.spi.EmailStore;
import io.mailsync.core.spi.ProcessingJob;
import io.mailsync.core.spi.ProcessingQueue;
import io.mailsync.core.spi.QueueingSyncStore;
import io.mailsync.core.spi.SyncStateStore;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class BatchCommitterTest {

    private static final AccountId ACCOUNT = AccountId.of("a1");
    private static final FolderId INBOX = FolderId.of("INBOX");
    private static final ChangeBatch BATCH = ChangeBatch.builder(ACCOUNT, INBOX,
                    SyncCursor.of(INBOX, SyncCursor.Phase.INCREMENTAL, Map.of("seq", "7")))
            .upsert(EmailMessage.builder(ACCOUNT, "m1").folderId(INBOX).build()).build();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final ProcessingQueue queue = mock(ProcessingQueue.class);

    private BatchCommitter committer(EmailStore emails, SyncStateStore cursors) {
        return new BatchCommitter(emails, cursors, queue, CLOCK);
    }

    @Test
    void separateStoresApplyTheBatchBeforeSavingItsCursor() {
        EmailStore emails = mock(EmailStore.class);
        SyncStateStore cursors = mock(SyncStateStore.class);
        ApplyResult result = new ApplyResult(Set.of("m1"), Set.of(), Set.of());
        when(emails.apply(BATCH)).thenReturn(result);
        List<ApplyResult> announced = new ArrayList<>();

        assertThat(committer(emails, cursors).commit(BATCH, 3, null, announced::add)).isEqualTo(result);

        InOrder order = inOrder(emails, cursors);
        order.verify(emails).apply(BATCH);
        order.verify(cursors).save(ACCOUNT, BATCH.nextCursor(), 3);
        assertThat(announced).containsExactly(result);
    }

    @Test
    void aFailedCursorSaveStillAnnouncesWhatTheApplyInserted() {
        EmailStore emails = mock(EmailStore.class);
        SyncStateStore cursors = mock(SyncStateStore.class);
        ApplyResult result = new ApplyResult(Set.of("m1"), Set.of(), Set.of());
        when(emails.apply(BATCH)).thenReturn(result);
        when(cursors.save(any(), any(), anyLong())).thenThrow(new StoreException(ACCOUNT, "lost", null));
        List<ApplyResult> announced = new ArrayList<>();

        assertThatThrownBy(() -> committer(emails, cursors).commit(BATCH, 3, null, announced::add))
                .isInstanceOf(StoreException.class);
        assertThat(announced).containsExactly(result);
    }

    @Test
    void separateStoresQueueTheNewMessagesJobsBeforeTheCursorSave() {
        EmailStore emails = mock(EmailStore.class);
        SyncStateStore cursors = mock(SyncStateStore.class);
        when(emails.apply(BATCH)).thenReturn(new ApplyResult(Set.of("m1"), Set.of(), Set.of()));

        committer(emails, cursors).commit(BATCH, 3, m -> 70, r -> { });

        InOrder order = inOrder(emails, queue, cursors);
        order.verify(emails).apply(BATCH);
        order.verify(queue).enqueue(List.of(ProcessingJob.of(ACCOUNT, "m1", 70, CLOCK.instant())));
        order.verify(cursors).save(ACCOUNT, BATCH.nextCursor(), 3);
    }

    @Test
    void oneQueueingStoreWritesBatchCursorAndJobsInOneCall() {
        QueueingSyncStore store = mock(QueueingSyncStore.class);
        when(store.applyAndSaveAndEnqueue(any(), anyLong(), any())).thenReturn(ApplyResult.EMPTY);

        new BatchCommitter(store, store, store, CLOCK).commit(BATCH, 0, m -> 50, r -> { });

        verify(store).applyAndSaveAndEnqueue(any(), org.mockito.ArgumentMatchers.eq(0L), any());
        verify(store, never()).applyAndSave(any(), anyLong());
        verify(store, never()).enqueue(any());
    }

    @Test
    void nothingIsQueuedWithoutProcessors() {
        EmailStore emails = mock(EmailStore.class);
        when(emails.apply(BATCH)).thenReturn(new ApplyResult(Set.of("m1"), Set.of(), Set.of()));

        committer(emails, mock(SyncStateStore.class)).commit(BATCH, 0, null, r -> { });

        verify(queue, never()).enqueue(any());
    }

    @Test
    void oneAtomicStoreWritesBatchAndCursorInOneCall() {
        AtomicSyncStore store = mock(AtomicSyncStore.class);
        when(store.applyAndSave(BATCH, 0)).thenReturn(ApplyResult.EMPTY);

        new BatchCommitter(store, store, queue, CLOCK).commit(BATCH, 0, null, r -> { });

        verify(store).applyAndSave(BATCH, 0);
        verify(store, never()).apply(any());
        verify(store, never()).save(any(), any(), anyLong());
    }
}
