package io.mailsync.testkit.contract;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FlagUpdate;
import io.mailsync.core.SyncStateConflictException;
import io.mailsync.core.spi.AtomicSyncStore;
import io.mailsync.core.spi.StoredCursor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.mailsync.core.spi.SyncStateStore.NO_VERSION;
import static io.mailsync.testkit.contract.TestMessages.ARCHIVE;
import static io.mailsync.testkit.contract.TestMessages.INBOX;
import static io.mailsync.testkit.contract.TestMessages.cursor;
import static io.mailsync.testkit.contract.TestMessages.message;
import static io.mailsync.testkit.contract.TestMessages.messages;
import static io.mailsync.testkit.contract.TestMessages.upserting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link AtomicSyncStore#applyAndSave}, as JUnit 5 tests: the batch and its cursor are written all or
 * nothing; the cursor lands at {@code expected + 1}; a compare-and-set conflict throws
 * {@link SyncStateConflictException} and applies nothing at all (DESIGN.md invariants 1 and 10).
 *
 * <p>An {@code AtomicSyncStore} is also an {@code EmailStore} and a {@code SyncStateStore}: extend
 * {@link EmailStoreContract} and {@link SyncStateStoreContract} for it too. Every test works in accounts of its own
 * ({@link #newAccountId()}). Test methods are public so that a subclass can override one.
 */
public abstract class AtomicSyncStoreContract extends StoreContractSupport<AtomicSyncStore> {

    /** For subclasses. */
    protected AtomicSyncStoreContract() {
    }

    /** The first {@code applyAndSave} stores the messages, reports them inserted and saves the cursor at 1. */
    @Test
    public void applyAndSaveStoresTheBatchAndItsCursor() {
        List<EmailMessage> messages = messages(account(), INBOX, "m", 3);
        ChangeBatch batch = upserting(account(), INBOX, messages);

        ApplyResult result = store().applyAndSave(batch, NO_VERSION);

        assertThat(result.inserted()).containsExactlyInAnyOrderElementsOf(TestMessages.ids(messages));
        assertThat(store().count(account())).isEqualTo(3);
        StoredCursor stored = store().load(account(), INBOX).orElseThrow();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.cursor()).isEqualTo(batch.nextCursor());
    }

    /** Each later {@code applyAndSave} saves at {@code expected + 1} and reports what it changed. */
    @Test
    public void applyAndSaveAdvancesTheVersionByOneAndReportsChanges() {
        store().applyAndSave(upserting(account(), INBOX, messages(account(), INBOX, "m", 3)), NO_VERSION);
        ChangeBatch second = ChangeBatch.builder(account(), INBOX, cursor(INBOX, "2"))
                .upsert(message(account(), "new", INBOX))
                .flagUpdate(new FlagUpdate("m-0", Set.of("\\Seen")))
                .deletion("m-1")
                .build();

        ApplyResult result = store().applyAndSave(second, 1);

        assertThat(result.inserted()).containsExactly("new");
        assertThat(result.updated()).containsExactly("m-0");
        assertThat(result.deleted()).containsExactly("m-1");
        StoredCursor stored = store().load(account(), INBOX).orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.cursor()).isEqualTo(cursor(INBOX, "2"));
    }

    /** A batch without changes only moves the cursor. */
    @Test
    public void applyAndSaveOfAnEmptyBatchOnlyMovesTheCursor() {
        store().applyAndSave(upserting(account(), INBOX, messages(account(), INBOX, "m", 2)), NO_VERSION);

        ApplyResult result = store().applyAndSave(ChangeBatch.builder(account(), INBOX, cursor(INBOX, "2")).build(), 1);

        assertThat(result.isEmpty()).isTrue();
        assertThat(store().count(account())).isEqualTo(2);
        assertThat(store().load(account(), INBOX).orElseThrow().version()).isEqualTo(2);
    }

    /** Replaying a batch whose cursor was saved, at the new version, reports nothing and only moves the cursor. */
    @Test
    public void replayedBatchReportsNothing() {
        ChangeBatch batch = upserting(account(), INBOX, messages(account(), INBOX, "m", 3));
        store().applyAndSave(batch, NO_VERSION);

        ApplyResult replay = store().applyAndSave(batch, 1);

        assertThat(replay.isEmpty()).as("replay result %s", replay).isTrue();
        assertThat(store().count(account())).isEqualTo(3);
        assertThat(store().load(account(), INBOX).orElseThrow().version()).isEqualTo(2);
    }

    /** At a stale version: conflict, and no upsert, flag update or deletion of the batch is applied. */
    @Test
    public void applyAndSaveAtAStaleVersionAppliesNothing() {
        seedThreeMessagesAtVersionTwo();
        Map<String, Optional<EmailMessage>> before = snapshot("a", "b", "c", "new");
        StoredCursor cursorBefore = store().load(account(), INBOX).orElseThrow();

        assertThatThrownBy(() -> store().applyAndSave(everyKindOfChange(), 1))
                .isInstanceOf(SyncStateConflictException.class);
        assertThatThrownBy(() -> store().applyAndSave(everyKindOfChange(), 3))
                .isInstanceOf(SyncStateConflictException.class);

        assertUnchanged(before, cursorBefore);
    }

    /** With {@code NO_VERSION} while the folder has a cursor: conflict, and nothing is applied. */
    @Test
    public void applyAndSaveWithNoVersionWhenACursorExistsAppliesNothing() {
        seedThreeMessagesAtVersionTwo();
        Map<String, Optional<EmailMessage>> before = snapshot("a", "b", "c", "new");
        StoredCursor cursorBefore = store().load(account(), INBOX).orElseThrow();

        assertThatThrownBy(() -> store().applyAndSave(everyKindOfChange(), NO_VERSION))
                .isInstanceOf(SyncStateConflictException.class);

        assertUnchanged(before, cursorBefore);
    }

    /** With a version while the folder has no cursor (deleted meanwhile): conflict, nothing applied or saved. */
    @Test
    public void applyAndSaveWithAVersionWhenNoCursorExistsAppliesNothing() {
        ChangeBatch batch = upserting(account(), INBOX, messages(account(), INBOX, "m", 2));

        assertThatThrownBy(() -> store().applyAndSave(batch, 1)).isInstanceOf(SyncStateConflictException.class);

        assertThat(store().count(account())).isZero();
        assertThat(store().find(account(), "m-0")).isEmpty();
        assertThat(store().load(account(), INBOX)).isEmpty();
    }

    /** The cursor saved is the batch's folder's; the cursors of other folders are untouched. */
    @Test
    public void applyAndSaveTouchesOnlyTheBatchFoldersCursor() {
        store().save(account(), cursor(ARCHIVE, "archive"), NO_VERSION);

        store().applyAndSave(upserting(message(account(), "a", INBOX)), NO_VERSION);

        assertThat(store().load(account(), INBOX).orElseThrow().version()).isEqualTo(1);
        StoredCursor archive = store().load(account(), ARCHIVE).orElseThrow();
        assertThat(archive.version()).isEqualTo(1);
        assertThat(archive.cursor()).isEqualTo(cursor(ARCHIVE, "archive"));
    }

    /**
     * Threads racing {@code applyAndSave} at one version with different batches: exactly one batch is stored.
     *
     * @throws Exception when the racing threads cannot be started or do not finish in time
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    public void racingApplyAndSaveStoresExactlyOneBatch() throws Exception {
        for (int round = 0; round < 5; round++) {
            AccountId racing = newAccountId();
            store().applyAndSave(upserting(message(racing, "seed", INBOX)), NO_VERSION);

            List<Race.Outcome<ApplyResult>> outcomes = Race.run(THREADS, i -> () -> store().applyAndSave(
                    ChangeBatch.builder(racing, INBOX, cursor(INBOX, "racer-" + i))
                            .upserts(messages(racing, INBOX, "racer-" + i, 10)).build(), 1));

            int winner = -1;
            for (int i = 0; i < outcomes.size(); i++) {
                Race.Outcome<ApplyResult> outcome = outcomes.get(i);
                if (outcome.succeeded()) {
                    assertThat(winner).as("a second racer (%d) won after racer %d", i, winner).isEqualTo(-1);
                    assertThat(outcome.value().inserted()).hasSize(10);
                    winner = i;
                } else if (!(outcome.error() instanceof SyncStateConflictException)) {
                    throw new AssertionError("racer " + i + " failed other than by a conflict", outcome.error());
                }
            }
            assertThat(winner).as("index of the racer that won").isNotEqualTo(-1);
            String winnerPrefix = "racer-" + winner;
            StoredCursor stored = store().load(racing, INBOX).orElseThrow();
            assertThat(stored.version()).isEqualTo(2);
            assertThat(stored.cursor()).isEqualTo(cursor(INBOX, winnerPrefix));
            assertThat(store().count(racing)).as("seed and the winner's 10 messages").isEqualTo(11);
            assertThat(store().providerMessageIds(racing, INBOX)).allMatch(
                    id -> id.equals("seed") || id.startsWith(winnerPrefix + "-"));
        }
    }

    /** Stores messages a, b and c of the inbox, and leaves the inbox's cursor at version 2. */
    private void seedThreeMessagesAtVersionTwo() {
        store().applyAndSave(upserting(message(account(), "a", INBOX), message(account(), "b", INBOX)), NO_VERSION);
        store().applyAndSave(ChangeBatch.builder(account(), INBOX, cursor(INBOX, "2"))
                .upsert(message(account(), "c", INBOX)).build(), 1);
    }

    /** A batch that would insert "new", update "a", flag "b" and delete "c". */
    private ChangeBatch everyKindOfChange() {
        return ChangeBatch.builder(account(), INBOX, cursor(INBOX, "conflicting"))
                .upsert(message(account(), "new", INBOX))
                .upsert(message(account(), "a", INBOX).toBuilder().subject("edited").build())
                .flagUpdate(new FlagUpdate("b", Set.of("\\Seen")))
                .deletion("c")
                .build();
    }

    private void assertUnchanged(Map<String, Optional<EmailMessage>> before, StoredCursor cursorBefore) {
        assertThat(snapshot("a", "b", "c", "new")).isEqualTo(before);
        assertThat(store().find(account(), "new")).isEmpty();
        assertThat(store().count(account())).isEqualTo(3);
        StoredCursor cursorAfter = store().load(account(), INBOX).orElseThrow();
        assertThat(cursorAfter.version()).isEqualTo(cursorBefore.version());
        assertThat(cursorAfter.cursor()).isEqualTo(cursorBefore.cursor());
    }

    private Map<String, Optional<EmailMessage>> snapshot(String... ids) {
        Map<String, Optional<EmailMessage>> snapshot = new LinkedHashMap<>();
        for (String id : ids) {
            snapshot.put(id, store().find(account(), id));
        }
        return snapshot;
    }
}
