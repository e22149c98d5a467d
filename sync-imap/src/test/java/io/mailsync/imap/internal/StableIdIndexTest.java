package io.mailsync.imap.internal;

import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StableIdIndexTest {

    private static final FolderId FOLDER = FolderId.of("INBOX");

    private static SyncCursor cursor(Map<String, String> state) {
        return SyncCursor.of(FOLDER, SyncCursor.Phase.INCREMENTAL, state);
    }

    @Test
    void writesOneKeyPerKnownUidAndReadsThemBack() {
        UidSet known = UidSet.of(1, 2, 3, 9);
        StableIdIndex index = new StableIdIndex();
        index.put(1, StableIds.key("g1"));
        index.put(3, StableIds.key("g3"));
        index.put(9, StableIds.key("g9"));
        index.put(42, StableIds.key("not known: dropped"));
        Map<String, String> state = new HashMap<>();
        state.put(CursorKeys.KNOWN_UIDS, known.toString());

        index.writeTo(state, "X-GUID", known);
        StableIdIndex read = StableIdIndex.of(cursor(state), "X-GUID", known);

        assertThat(read.asMap()).containsOnlyKeys(1L, 3L, 9L).containsEntry(3L, StableIds.key("g3"));
        assertThat(read.missing(known)).containsExactly(2L);
        assertThat(state.get(CursorKeys.STABLE_IDS).split(",", -1)).hasSize(4);
    }

    @Test
    void anIndexOfAnotherAttributeOrNotMatchingTheKnownUidsIsIgnored() {
        UidSet known = UidSet.of(1, 2);
        StableIdIndex index = new StableIdIndex();
        index.put(1, "k1");
        index.put(2, "k2");
        Map<String, String> state = new HashMap<>();
        index.writeTo(state, "X-GUID", known);

        assertThat(StableIdIndex.of(cursor(state), "EMAILID", known).isEmpty()).isTrue();
        assertThat(StableIdIndex.of(cursor(state), "X-GUID", UidSet.of(1, 2, 3)).isEmpty()).isTrue();
        assertThat(StableIdIndex.of(cursor(Map.of()), "X-GUID", known).isEmpty()).isTrue();
    }

    @Test
    void keysAreShortAndDeterministic() {
        assertThat(StableIds.key("1795692516.M978507P26856.vm,S=39,W=43")).hasSize(11)
                .isEqualTo(StableIds.key("1795692516.M978507P26856.vm,S=39,W=43"))
                .isNotEqualTo(StableIds.key("1795692517.M21527P26856.vm,S=39,W=43"));
    }
}
