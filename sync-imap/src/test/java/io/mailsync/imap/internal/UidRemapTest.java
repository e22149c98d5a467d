package io.mailsync.imap.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UidRemapTest {

    private static StableIds.Entry entry(long uid, String key, String... flags) {
        return new StableIds.Entry(uid, key, Set.of(flags));
    }

    private static StableIdIndex index(Map<Long, String> keys) {
        StableIdIndex index = new StableIdIndex();
        keys.forEach(index::put);
        return index;
    }

    @Test
    void storedMessagesFoundAgainAreRenamedWithTheirCurrentFlags() {
        UidSet known = UidSet.of(1, 2, 3);
        StableIdIndex old = index(Map.of(1L, "a", 2L, "b", 3L, "c"));

        UidRemap plan = UidRemap.plan(known, old,
                List.of(entry(1, "b", "\\Seen"), entry(2, "c"), entry(3, "a", "\\Flagged")), new long[]{1, 2, 3});

        assertThat(plan.renames()).containsExactly(Map.entry(1L, 3L), Map.entry(2L, 1L), Map.entry(3L, 2L));
        assertThat(plan.flags()).containsEntry(1L, Set.of("\\Seen")).containsEntry(3L, Set.of("\\Flagged"))
                .containsEntry(2L, Set.of());
        assertThat(plan.gone()).isEmpty();
        assertThat(plan.newcomers()).isEmpty();
    }

    @Test
    void storedMessagesNotFoundAreGoneAndUnknownOnesAreNewcomers() {
        UidSet known = UidSet.of(5, 6, 7);
        StableIdIndex old = index(Map.of(5L, "a", 6L, "b", 7L, "c"));

        UidRemap plan = UidRemap.plan(known, old, List.of(entry(1, "a"), entry(2, "c"), entry(3, "new")),
                new long[]{1, 2, 3});

        assertThat(plan.renames()).containsExactly(Map.entry(5L, 1L), Map.entry(7L, 2L));
        assertThat(plan.gone()).containsExactly(6L);
        assertThat(plan.newcomers()).containsExactly(3);
    }

    @Test
    void ambiguousKeysMatchNothingOnEitherSide() {
        UidSet known = UidSet.of(1, 2, 3);
        StableIdIndex old = index(Map.of(1L, "dup", 2L, "dup", 3L, "x"));

        UidRemap plan = UidRemap.plan(known, old, List.of(entry(10, "dup"), entry(11, "x"), entry(12, "x")),
                new long[]{10, 11, 12});

        assertThat(plan.renames()).isEmpty();
        assertThat(plan.gone()).containsExactly(1L, 2L, 3L);
        assertThat(plan.newcomers()).containsExactly(10, 11, 12);
    }

    @Test
    void serverMessagesWithoutStableIdAndStoredOnesWithoutKeyAreFetchedAndDeleted() {
        UidSet known = UidSet.of(1, 2);
        StableIdIndex old = index(Map.of(1L, "a")); // UID 2 never got a stable id

        UidRemap plan = UidRemap.plan(known, old, List.of(entry(4, "a")), new long[]{4, 5});

        assertThat(plan.renames()).containsExactly(Map.entry(1L, 4L));
        assertThat(plan.gone()).containsExactly(2L);
        assertThat(plan.newcomers()).containsExactly(5);
        assertThat(plan.keys()).containsExactly(Map.entry(4L, "a"));
    }
}
