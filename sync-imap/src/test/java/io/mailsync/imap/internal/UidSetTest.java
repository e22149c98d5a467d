package io.mailsync.imap.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UidSetTest {

    @Test
    void keepsContiguousUidsAsRangesAndRoundTripsThroughItsText() {
        UidSet set = UidSet.of(5, 1, 2, 3, 9, 4, 10, 12);
        assertThat(set.toString()).isEqualTo("1:5,9:10,12");
        assertThat(set.size()).isEqualTo(8);
        assertThat(UidSet.parse(set.toString()).toString()).isEqualTo("1:5,9:10,12");
    }

    @Test
    void removingSplitsARangeAndAddingMergesNeighbours() {
        UidSet set = UidSet.parse("1:10");
        assertThat(set.remove(4)).isTrue();
        assertThat(set.remove(4)).isFalse();
        assertThat(set.toString()).isEqualTo("1:3,5:10");
        set.add(4);
        assertThat(set.toString()).isEqualTo("1:10");
        set.addRange(8, 15);
        assertThat(set.toString()).isEqualTo("1:15");
        assertThat(set.size()).isEqualTo(15);
        List<Long> seen = new ArrayList<>();
        UidSet.parse("3,7:8").forEach(seen::add);
        assertThat(seen).containsExactly(3L, 7L, 8L);
        assertThat(UidSet.parse("").isEmpty()).isTrue();
    }
}
