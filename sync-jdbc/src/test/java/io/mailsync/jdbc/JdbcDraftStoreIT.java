package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.Draft;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link JdbcDraftStore} against PostgreSQL: save/find, regeneration, expiry and cleanup. */
class JdbcDraftStoreIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    private static JdbcMailStore store;
    private static JdbcDraftStore drafts;

    @BeforeAll
    static void start() {
        store = Stores.fresh("drafts");
        drafts = store.drafts();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static AccountId account() {
        return AccountId.of("drafts-" + UUID.randomUUID());
    }

    private static Draft draft(AccountId a, String message, String thread, String body, Instant at, String print) {
        return new Draft(a, message, thread, body, at, at.plus(WEEK), print);
    }

    @Test
    void aSavedDraftIsFoundByItsThreadWithEveryField() {
        AccountId a = account();
        Draft d = draft(a, "m1", "thread-1", "Thanks, see you \u00e0 demain.", T0, "fp-1");
        drafts.save(d);

        assertThat(drafts.find(a, "thread-1")).contains(d);
        assertThat(drafts.find(a, "thread-2")).isEmpty();
        assertThat(drafts.find(account(), "thread-1")).isEmpty();
    }

    @Test
    void aRegeneratedDraftReplacesTheThreadsPreviousOne() {
        AccountId a = account();
        drafts.save(draft(a, "m1", "thread-1", "first", T0, "fp-1"));
        Draft again = draft(a, "m2", "thread-1", "second", T0.plusSeconds(3_600), "fp-2");
        drafts.save(again);

        assertThat(drafts.find(a, "thread-1")).contains(again);
        assertThat(drafts.drafts(a, T0.plusSeconds(3_600))).containsExactly(again);
    }

    @Test
    void draftsListsTheUnexpiredNewestFirst() {
        AccountId a = account();
        Draft old = draft(a, "m1", "t1", "old", T0, "f1");
        Draft mid = draft(a, "m2", "t2", "mid", T0.plus(Duration.ofDays(3)), "f2");
        Draft fresh = draft(a, "m3", "t3", "new", T0.plus(Duration.ofDays(5)), "f3");
        drafts.save(old);
        drafts.save(fresh);
        drafts.save(mid);

        assertThat(drafts.drafts(a, T0.plus(Duration.ofDays(6)))).containsExactly(fresh, mid, old);
        assertThat(drafts.drafts(a, T0.plus(WEEK))).containsExactly(fresh, mid); // expiresAt itself is expired
        assertThat(drafts.find(a, "t1")).contains(old); // find returns expired drafts too
    }

    @Test
    void cleanupDeletesOnlyExpiredDrafts() {
        AccountId a = account();
        AccountId b = account();
        Instant now = T0.plus(Duration.ofDays(400)); // later than every other test's drafts
        drafts.deleteExpired(now);
        drafts.save(draft(a, "m1", "t1", "expired", now.minus(WEEK).minusSeconds(1), "f1"));
        drafts.save(draft(b, "m2", "t2", "expires now", now.minus(WEEK), "f2"));
        Draft kept = draft(a, "m3", "t3", "kept", now.minus(WEEK).plusSeconds(1), "f3");
        drafts.save(kept);

        assertThat(drafts.deleteExpired(now)).isEqualTo(2);
        assertThat(drafts.find(a, "t1")).isEmpty();
        assertThat(drafts.find(b, "t2")).isEmpty();
        assertThat(drafts.find(a, "t3")).contains(kept);
        assertThat(drafts.deleteExpired(now)).isZero();
    }
}
