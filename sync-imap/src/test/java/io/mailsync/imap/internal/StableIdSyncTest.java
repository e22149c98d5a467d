package io.mailsync.imap.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.FlagUpdate;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class StableIdSyncTest {

    private static final AccountId ACCOUNT = AccountId.of("a1");
    private static final FolderId INBOX = FolderId.of("INBOX");

    private final ImapFolderAccess access = mock(ImapFolderAccess.class);
    private final IMAPFolder folder = mock(IMAPFolder.class);

    /** A cursor of UIDVALIDITY 100 holding UIDs 1..3 with X-GUIDs g1..g3. */
    private static SyncCursor oldCursor() {
        UidSet known = UidSet.of(1, 2, 3);
        StableIdIndex index = new StableIdIndex();
        index.put(1, StableIds.key("g1"));
        index.put(2, StableIds.key("g2"));
        index.put(3, StableIds.key("g3"));
        Map<String, String> state = new HashMap<>();
        state.put(CursorKeys.UID_VALIDITY, "100");
        state.put(CursorKeys.LAST_UID, "3");
        state.put(CursorKeys.KNOWN_UIDS, known.toString());
        index.writeTo(state, "X-GUID", known);
        return SyncCursor.of(INBOX, SyncCursor.Phase.INCREMENTAL, state);
    }

    @Test
    void renamesStoredMessagesToTheirNewUidsDeletesTheGoneAndLeavesNewcomersToTheNextPage() throws Exception {
        when(access.stableIdAttribute()).thenReturn(Optional.of("X-GUID"));
        when(folder.getUIDValidity()).thenReturn(200L);
        when(folder.doCommand(any())).thenReturn(new long[]{1, 2, 3}, List.of( // UID SEARCH, then UID FETCH
                new StableIds.Entry(1, StableIds.key("g3"), Set.of("\\Seen")),
                new StableIds.Entry(2, StableIds.key("g1"), Set.of()),
                new StableIds.Entry(3, StableIds.key("new"), Set.of())));

        ChangeBatch batch = StableIdSync.remap(access, folder, ACCOUNT, INBOX, oldCursor()).orElseThrow();

        assertThat(batch.renames()).containsExactly(Map.entry("INBOX/100/1", "INBOX/200/2"),
                Map.entry("INBOX/100/3", "INBOX/200/1"));
        assertThat(batch.flagUpdates()).containsExactly(new FlagUpdate("INBOX/200/2", Set.of()),
                new FlagUpdate("INBOX/200/1", Set.of("\\Seen")));
        assertThat(batch.deletions()).containsExactly("INBOX/100/2");
        assertThat(batch.upserts()).isEmpty();
        assertThat(batch.hasMore()).isTrue();
        SyncCursor next = batch.nextCursor();
        assertThat(next.isIncremental()).isTrue();
        assertThat(next.get(CursorKeys.UID_VALIDITY)).contains("200");
        assertThat(next.get(CursorKeys.LAST_UID)).contains("2");
        assertThat(next.get(CursorKeys.KNOWN_UIDS)).contains("1:2");
        assertThat(StableIdIndex.of(next, "X-GUID", UidSet.of(1, 2)).asMap())
                .containsExactly(Map.entry(1L, StableIds.key("g3")), Map.entry(2L, StableIds.key("g1")));
    }

    @Test
    void withoutStableIdsInTheCursorThereIsNothingToRemapAndNothingIsSent() throws Exception {
        when(access.stableIdAttribute()).thenReturn(Optional.of("X-GUID"));
        SyncCursor plain = SyncCursor.of(INBOX, SyncCursor.Phase.INCREMENTAL,
                Map.of(CursorKeys.UID_VALIDITY, "100", CursorKeys.LAST_UID, "3", CursorKeys.KNOWN_UIDS, "1:3"));

        assertThat(StableIdSync.remap(access, folder, ACCOUNT, INBOX, plain)).isEmpty();
        verify(folder, never()).doCommand(any());
    }

    @Test
    void withoutStableIdSourceThereIsNothingToRemap() throws Exception {
        when(access.stableIdAttribute()).thenReturn(Optional.empty());

        assertThat(StableIdSync.remap(access, folder, ACCOUNT, INBOX, oldCursor())).isEmpty();
        verify(folder, never()).doCommand(any());
    }
}
