package io.mailsync.testkit.contract;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncStateConflictException;
import io.mailsync.core.spi.StoredCursor;
import io.mailsync.core.spi.SyncStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.mailsync.core.spi.SyncStateStore.NO_VERSION;
import static io.mailsync.testkit.contract.TestMessages.ARCHIVE;
import static io.mailsync.testkit.contract.TestMessages.INBOX;
import static io.mailsync.testkit.contract.TestMessages.cursor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every {@link SyncStateStore} keeps, as JUnit 5 tests: one cursor per {@code (account, folder)},
 * saved with compare-and-set on its version (1 for the first save, one more for each later one), so that two
 * workers can never both advance a folder (DESIGN.md invariants 1 and 4).
 *
 * <p>Extend it and implement {@link #createStore()}; see the {@linkplain io.mailsync.testkit.contract package}
 * documentation. Every test works in accounts of its own ({@link #newAccountId()}), so a store backed by a shared
 * database needs no cleaning between tests. Test methods are public so that a subclass can override one.
 */
public abstract class SyncStateStoreContract extends StoreContractSupport<SyncStateStore> {

    /** For subclasses. */
    protected SyncStateStoreContract() {
    }

    /** A folder without a saved cursor, or an account never seen, loads as empty. */
    @Test
    public void loadOfUnknownCursorIsEmpty() {
        store().save(account(), cursor(INBOX, "1"), NO_VERSION);

        assertThat(store().load(account(), ARCHIVE)).isEmpty();
        assertThat(store().load(newAccountId(), INBOX)).isEmpty();
    }

    /** The first save, with {@code NO_VERSION}, stores the cursor at version 1. */
    @Test
    public void firstSaveStoresTheCursorAtVersionOne() {
        SyncCursor historical = SyncCursor.of(INBOX, SyncCursor.Phase.HISTORICAL, Map.of("pageToken", "p-1"));

        long version = store().save(account(), historical, NO_VERSION);

        assertThat(version).isEqualTo(1);
        StoredCursor stored = store().load(account(), INBOX).orElseThrow();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.cursor()).isEqualTo(historical);
    }

    /** The state map round-trips exactly: a 2 KB delta link, non-ASCII text, quotes, escapes and empty values. */
    @Test
    public void cursorStateRoundTripsLongAndNonAsciiValues() {
        FolderId folder = FolderId.of("INBOX/Boîte de réception – 受信トレイ");
        Map<String, String> state = new LinkedHashMap<>();
        state.put("deltaLink", longDeltaLink());
        state.put("note", "Boîte de réception – 受信トレイ 📬");
        state.put("tricky", "\"quoted\" \\back\\slash\\ {json: [1]}\nnew line\ttab");
        state.put("empty", "");
        state.put("clé", "valeur");
        SyncCursor cursor = SyncCursor.of(folder, SyncCursor.Phase.INCREMENTAL, state);

        store().save(account(), cursor, NO_VERSION);

        assertThat(store().load(account(), folder).orElseThrow().cursor()).isEqualTo(cursor);
        assertThat(store().load(account(), folder).orElseThrow().cursor().get("deltaLink"))
                .hasValueSatisfying(link -> assertThat(link).hasSizeGreaterThan(2_048));
    }

    /** Saving at the stored version stores the new cursor (replacing, not merging, its state) at version + 1. */
    @Test
    public void saveAtTheStoredVersionReplacesTheCursorAndIncrementsTheVersion() {
        store().save(account(), SyncCursor.of(INBOX, SyncCursor.Phase.HISTORICAL, Map.of("page", "1", "x", "y")),
                NO_VERSION);
        SyncCursor second = SyncCursor.of(INBOX, SyncCursor.Phase.HISTORICAL, Map.of("page", "2"));
        SyncCursor third = SyncCursor.of(INBOX, SyncCursor.Phase.INCREMENTAL, Map.of("historyId", "42"));

        assertThat(store().save(account(), second, 1)).isEqualTo(2);
        assertThat(store().load(account(), INBOX).orElseThrow().cursor()).isEqualTo(second);
        assertThat(store().save(account(), third, 2)).isEqualTo(3);

        StoredCursor stored = store().load(account(), INBOX).orElseThrow();
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.cursor()).isEqualTo(third);
    }

    /** Saving at a stale version throws {@link SyncStateConflictException} and keeps the stored cursor. */
    @Test
    public void saveAtAStaleVersionConflictsAndKeepsTheStoredCursor() {
        store().save(account(), cursor(INBOX, "1"), NO_VERSION);
        store().save(account(), cursor(INBOX, "2"), 1);

        assertThatThrownBy(() -> store().save(account(), cursor(INBOX, "stale"), 1))
                .isInstanceOf(SyncStateConflictException.class);
        assertThatThrownBy(() -> store().save(account(), cursor(INBOX, "ahead"), 5))
                .isInstanceOf(SyncStateConflictException.class);

        StoredCursor stored = store().load(account(), INBOX).orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.cursor()).isEqualTo(cursor(INBOX, "2"));
    }

    /** Saving with {@code NO_VERSION} when the folder already has a cursor conflicts. */
    @Test
    public void saveWithNoVersionWhenACursorExistsConflicts() {
        store().save(account(), cursor(INBOX, "1"), NO_VERSION);

        assertThatThrownBy(() -> store().save(account(), cursor(INBOX, "again"), NO_VERSION))
                .isInstanceOf(SyncStateConflictException.class);
        assertThat(store().load(account(), INBOX).orElseThrow().cursor()).isEqualTo(cursor(INBOX, "1"));
    }

    /** Saving with a version when the folder has no cursor (it was deleted meanwhile) conflicts and stores nothing. */
    @Test
    public void saveWithAVersionWhenNoCursorExistsConflicts() {
        assertThatThrownBy(() -> store().save(account(), cursor(INBOX, "1"), 1))
                .isInstanceOf(SyncStateConflictException.class);
        assertThat(store().load(account(), INBOX)).isEmpty();
    }

    /** Each folder of an account has its own cursor and version. */
    @Test
    public void cursorsOfFoldersHaveIndependentVersions() {
        store().save(account(), cursor(INBOX, "i1"), NO_VERSION);
        store().save(account(), cursor(INBOX, "i2"), 1);
        store().save(account(), cursor(INBOX, "i3"), 2);

        assertThat(store().save(account(), cursor(ARCHIVE, "a1"), NO_VERSION)).isEqualTo(1);
        assertThat(store().save(account(), cursor(FolderId.MAILBOX, "m1"), NO_VERSION)).isEqualTo(1);
        assertThat(store().load(account(), INBOX).orElseThrow().version()).isEqualTo(3);
        assertThat(store().load(account(), ARCHIVE).orElseThrow().cursor()).isEqualTo(cursor(ARCHIVE, "a1"));
        assertThat(store().load(account(), FolderId.MAILBOX).orElseThrow().version()).isEqualTo(1);
    }

    /** The same folder of two accounts has two cursors with their own versions. */
    @Test
    public void cursorsOfAccountsAreIndependent() {
        AccountId other = newAccountId();
        store().save(account(), cursor(INBOX, "mine-1"), NO_VERSION);
        store().save(account(), cursor(INBOX, "mine-2"), 1);

        assertThat(store().save(other, cursor(INBOX, "theirs"), NO_VERSION)).isEqualTo(1);
        assertThat(store().load(account(), INBOX).orElseThrow().cursor()).isEqualTo(cursor(INBOX, "mine-2"));
        assertThat(store().load(other, INBOX).orElseThrow().cursor()).isEqualTo(cursor(INBOX, "theirs"));
    }

    /** {@code loadAll} returns every cursor of the account, and none of another account. */
    @Test
    public void loadAllReturnsEveryCursorOfTheAccountOnly() {
        AccountId other = newAccountId();
        store().save(account(), cursor(INBOX, "1"), NO_VERSION);
        store().save(account(), cursor(INBOX, "2"), 1);
        store().save(account(), cursor(ARCHIVE, "1"), NO_VERSION);
        store().save(other, cursor(FolderId.MAILBOX, "1"), NO_VERSION);

        List<StoredCursor> all = store().loadAll(account());

        assertThat(all).extracting(StoredCursor::cursor)
                .containsExactlyInAnyOrder(cursor(INBOX, "2"), cursor(ARCHIVE, "1"));
        assertThat(all).extracting(StoredCursor::version).containsExactlyInAnyOrder(2L, 1L);
        assertThat(store().loadAll(newAccountId())).isEmpty();
    }

    /** {@code delete} removes one folder's cursor only; the folder then starts again at version 1. */
    @Test
    public void deleteRemovesOneFolderAndItsNextSaveStartsAgain() {
        store().save(account(), cursor(INBOX, "1"), NO_VERSION);
        store().save(account(), cursor(INBOX, "2"), 1);
        store().save(account(), cursor(ARCHIVE, "1"), NO_VERSION);

        store().delete(account(), INBOX);
        store().delete(account(), FolderId.of("never-saved"));

        assertThat(store().load(account(), INBOX)).isEmpty();
        assertThat(store().load(account(), ARCHIVE)).isPresent();
        assertThat(store().save(account(), cursor(INBOX, "fresh"), NO_VERSION)).isEqualTo(1);
    }

    /** {@code deleteAll} removes every cursor of the account and leaves other accounts alone. */
    @Test
    public void deleteAllRemovesEveryCursorOfTheAccountOnly() {
        AccountId other = newAccountId();
        store().save(account(), cursor(INBOX, "1"), NO_VERSION);
        store().save(account(), cursor(ARCHIVE, "1"), NO_VERSION);
        store().save(other, cursor(INBOX, "theirs"), NO_VERSION);

        store().deleteAll(account());
        store().deleteAll(newAccountId());

        assertThat(store().loadAll(account())).isEmpty();
        assertThat(store().load(account(), INBOX)).isEmpty();
        assertThat(store().load(other, INBOX).orElseThrow().cursor()).isEqualTo(cursor(INBOX, "theirs"));
        assertThat(store().save(account(), cursor(INBOX, "fresh"), NO_VERSION)).isEqualTo(1);
    }

    /**
     * Threads racing to save a folder's first cursor: exactly one wins, the others conflict.
     *
     * @throws Exception when the racing threads cannot be started or do not finish in time
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    public void racingFirstSavesLetExactlyOneWin() throws Exception {
        for (int round = 0; round < 5; round++) {
            AccountId racing = newAccountId();
            assertExactlyOneWins(racing, NO_VERSION);
        }
    }

    /**
     * Threads racing to save at the same version: exactly one wins, the others conflict.
     *
     * @throws Exception when the racing threads cannot be started or do not finish in time
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    public void racingSavesAtOneVersionLetExactlyOneWin() throws Exception {
        for (int round = 0; round < 5; round++) {
            AccountId racing = newAccountId();
            store().save(racing, cursor(INBOX, "1"), NO_VERSION);
            store().save(racing, cursor(INBOX, "2"), 1);
            assertExactlyOneWins(racing, 2);
        }
    }

    /** {@code updatedAt} is the time of the save: near now, and not before the previous save's. */
    @Test
    public void updatedAtIsTheTimeOfTheSave() {
        Instant before = Instant.now();
        store().save(account(), cursor(INBOX, "1"), NO_VERSION);
        Instant first = store().load(account(), INBOX).orElseThrow().updatedAt();
        store().save(account(), cursor(INBOX, "2"), 1);
        Instant second = store().load(account(), INBOX).orElseThrow().updatedAt();

        Duration skew = Duration.ofHours(1);
        assertThat(first).isBetween(before.minus(skew), Instant.now().plus(skew));
        assertThat(second).isAfterOrEqualTo(first);
    }

    private void assertExactlyOneWins(AccountId racing, long expectedVersion) throws Exception {
        List<Race.Outcome<Long>> outcomes = Race.run(THREADS,
                i -> () -> store().save(racing, cursor(INBOX, "racer-" + i), expectedVersion));

        int winner = -1;
        for (int i = 0; i < outcomes.size(); i++) {
            Race.Outcome<Long> outcome = outcomes.get(i);
            if (outcome.succeeded()) {
                assertThat(winner).as("a second racer (%d) won after racer %d", i, winner).isEqualTo(-1);
                assertThat(outcome.value()).isEqualTo(expectedVersion + 1);
                winner = i;
            } else if (!(outcome.error() instanceof SyncStateConflictException)) {
                throw new AssertionError("racer " + i + " failed other than by a conflict", outcome.error());
            }
        }
        assertThat(winner).as("index of the racer that won").isNotEqualTo(-1);
        StoredCursor stored = store().load(racing, INBOX).orElseThrow();
        assertThat(stored.version()).isEqualTo(expectedVersion + 1);
        assertThat(stored.cursor()).isEqualTo(cursor(INBOX, "racer-" + winner));
    }

    /** A Graph-like delta link of more than 2 KB, made only of characters such links use. */
    static String longDeltaLink() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder token = new StringBuilder();
        for (int i = 0; token.length() < 2_100; i++) {
            token.append(alphabet.charAt((i * 31 + 7) % alphabet.length()));
        }
        return "https://graph.microsoft.com/v1.0/me/mailFolders('AAMkAGI2TG93AAA%3D')/messages/delta?$deltatoken="
                + token + "&$select=subject%2CreceivedDateTime";
    }
}
