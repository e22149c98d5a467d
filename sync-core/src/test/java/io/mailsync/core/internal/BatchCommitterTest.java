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
import io.mailsync.core.spi.SyncStateStore;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

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

    @Test
    void separateStoresApplyTheBatchBeforeSavingItsCursor() {
        EmailStore emails = mock(EmailStore.class);
        SyncStateStore cursors = mock(SyncStateStore.class);
        ApplyResult result = new ApplyResult(Set.of("m1"), Set.of(), Set.of());
        when(emails.apply(BATCH)).thenReturn(result);
        List<ApplyResult> announced = new ArrayList<>();

        assertThat(new BatchCommitter(emails, cursors).commit(BATCH, 3, announced::add)).isEqualTo(result);

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

        assertThatThrownBy(() -> new BatchCommitter(emails, cursors).commit(BATCH, 3, announced::add))
                .isInstanceOf(StoreException.class);
        assertThat(announced).containsExactly(result);
    }

    @Test
    void oneAtomicStoreWritesBatchAndCursorInOneCall() {
        AtomicSyncStore store = mock(AtomicSyncStore.class);
        when(store.applyAndSave(BATCH, 0)).thenReturn(ApplyResult.EMPTY);

        new BatchCommitter(store, store).commit(BATCH, 0, r -> { });

        verify(store).applyAndSave(BATCH, 0);
        verify(store, never()).apply(any());
        verify(store, never()).save(any(), any(), anyLong());
    }
}
