package io.mailsync.testkit.contract;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FlagUpdate;
import io.mailsync.core.FolderId;
import io.mailsync.core.spi.EmailStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.mailsync.testkit.contract.TestMessages.ARCHIVE;
import static io.mailsync.testkit.contract.TestMessages.INBOX;
import static io.mailsync.testkit.contract.TestMessages.batch;
import static io.mailsync.testkit.contract.TestMessages.fullMessage;
import static io.mailsync.testkit.contract.TestMessages.message;
import static io.mailsync.testkit.contract.TestMessages.messages;
import static io.mailsync.testkit.contract.TestMessages.minimalMessage;
import static io.mailsync.testkit.contract.TestMessages.upserting;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link EmailStore} keeps, as JUnit 5 tests: what {@link EmailStore#apply} stores and reports
 * (DESIGN.md invariants 1, 2 and 10), and what {@code find}, {@code providerMessageIds} and {@code count} return.
 * The concurrent and large-batch cases are in {@link EmailStoreConcurrencyContract}, which this class extends, so
 * extending this class runs both.
 *
 * <p>Extend it and implement {@link #createStore()}; see the {@linkplain io.mailsync.testkit.contract package}
 * documentation. Every test works in accounts of its own ({@link #newAccountId()}), so a store backed by a shared
 * database needs no cleaning between tests. Every test method is public so that a subclass can override one, for
 * instance to annotate it {@code @Disabled} with a reason.
 */
public abstract class EmailStoreContract extends EmailStoreConcurrencyContract {

    /** For subclasses. */
    protected EmailStoreContract() {
    }

    /** The first apply of new messages reports every one of them as inserted, and stores them. */
    @Test
    public void firstApplyReportsEveryUpsertAsInserted() {
        List<EmailMessage> messages = messages(account(), INBOX, "m", 3);

        ApplyResult result = store().apply(upserting(account(), INBOX, messages));

        assertThat(result.inserted()).containsExactlyInAnyOrderElementsOf(TestMessages.ids(messages));
        assertThat(result.updated()).isEmpty();
        assertThat(result.deleted()).isEmpty();
        assertThat(store().count(account())).isEqualTo(3);
    }

    /** Applying the same upserts again reports nothing and changes nothing (a replay after a crash). */
    @Test
    public void reapplyingTheSameUpsertsReportsNothingAndChangesNothing() {
        ChangeBatch batch = upserting(account(), INBOX, messages(account(), INBOX, "m", 3));
        store().apply(batch);

        ApplyResult replay = store().apply(batch);

        assertThat(replay.isEmpty()).as("replay result %s", replay).isTrue();
        assertThat(store().count(account())).isEqualTo(3);
        batch.upserts().forEach(m -> assertThat(store().find(account(), m.providerMessageId())).contains(m));
    }

    /** A replayed batch of upserts, flag updates and deletions reports nothing and leaves the store as it was. */
    @Test
    public void reapplyingAMixedBatchReportsNothingAndChangesNothing() {
        EmailMessage changed = message(account(), "a", INBOX);
        store().apply(upserting(changed, message(account(), "b", INBOX), message(account(), "d", INBOX)));
        ChangeBatch mixed = batch(account(), INBOX)
                .upsert(message(account(), "c", INBOX))
                .upsert(changed.toBuilder().subject("edited").build())
                .flagUpdate(new FlagUpdate("b", Set.of("\\Seen")))
                .deletion("d")
                .build();
        ApplyResult first = store().apply(mixed);
        Map<String, Optional<EmailMessage>> before = snapshot("a", "b", "c", "d");

        ApplyResult replay = store().apply(mixed);

        assertThat(first.inserted()).containsExactly("c");
        assertThat(first.updated()).containsExactlyInAnyOrder("a", "b");
        assertThat(first.deleted()).containsExactly("d");
        assertThat(replay.isEmpty()).as("replay result %s", replay).isTrue();
        assertThat(snapshot("a", "b", "c", "d")).isEqualTo(before);
        assertThat(store().count(account())).isEqualTo(3);
    }

    /** A batch without changes reports nothing. */
    @Test
    public void emptyBatchReportsNothing() {
        store().apply(upserting(message(account(), "a", INBOX)));

        assertThat(store().apply(batch(account(), INBOX).build()).isEmpty()).isTrue();
        assertThat(store().count(account())).isEqualTo(1);
    }

    /** An upsert of a stored message with another subject is reported as updated, not inserted, and stored. */
    @Test
    public void upsertWithOtherSubjectIsReportedAsUpdated() {
        EmailMessage original = message(account(), "a", INBOX);
        store().apply(upserting(original));
        EmailMessage edited = original.toBuilder().subject("Another subject").build();

        ApplyResult result = store().apply(upserting(edited));

        assertThat(result.inserted()).isEmpty();
        assertThat(result.updated()).containsExactly("a");
        assertThat(store().find(account(), "a")).contains(edited);
        assertThat(store().count(account())).isEqualTo(1);
    }

    /** An upsert of a stored message with other flags is reported as updated, not inserted, and stored. */
    @Test
    public void upsertWithOtherFlagsIsReportedAsUpdated() {
        EmailMessage original = message(account(), "a", INBOX);
        store().apply(upserting(original));
        EmailMessage seen = original.withFlags(Set.of("\\Seen"));

        ApplyResult result = store().apply(upserting(seen));

        assertThat(result.inserted()).isEmpty();
        assertThat(result.updated()).containsExactly("a");
        assertThat(store().find(account(), "a")).contains(seen);
    }

    /** A flag update replaces the stored flags (not merges), keeps everything else and is reported as updated. */
    @Test
    public void flagUpdateReplacesFlagsAndIsReportedAsUpdated() {
        EmailMessage original = message(account(), "a", INBOX).withFlags(Set.of("\\Seen", "\\Flagged"));
        store().apply(upserting(original));

        ApplyResult result = store().apply(batch(account(), INBOX)
                .flagUpdate(new FlagUpdate("a", Set.of("\\Answered"))).build());

        assertThat(result.updated()).containsExactly("a");
        assertThat(result.inserted()).isEmpty();
        assertThat(result.deleted()).isEmpty();
        assertThat(store().find(account(), "a")).contains(original.withFlags(Set.of("\\Answered")));
    }

    /** A flag update that clears every flag is stored and reported. */
    @Test
    public void flagUpdateToNoFlagsIsReportedAsUpdated() {
        store().apply(upserting(message(account(), "a", INBOX).withFlags(Set.of("\\Seen"))));

        ApplyResult result = store().apply(batch(account(), INBOX).flagUpdate(new FlagUpdate("a", Set.of())).build());

        assertThat(result.updated()).containsExactly("a");
        assertThat(store().find(account(), "a")).hasValueSatisfying(m -> assertThat(m.flags()).isEmpty());
    }

    /** A flag update of a message the store does not hold is ignored: nothing reported, nothing created. */
    @Test
    public void flagUpdateOfUnknownMessageIsIgnored() {
        ApplyResult result = store().apply(batch(account(), INBOX)
                .flagUpdate(new FlagUpdate("unknown", Set.of("\\Seen"))).build());

        assertThat(result.isEmpty()).isTrue();
        assertThat(store().find(account(), "unknown")).isEmpty();
        assertThat(store().count(account())).isZero();
    }

    /** A flag update with the flags the message already has is not reported as updated. */
    @Test
    public void flagUpdateWithSameFlagsIsNotReported() {
        store().apply(upserting(message(account(), "a", INBOX).withFlags(Set.of("\\Seen", "\\Flagged"))));

        ApplyResult result = store().apply(batch(account(), INBOX)
                .flagUpdate(new FlagUpdate("a", Set.of("\\Flagged", "\\Seen"))).build());

        assertThat(result.isEmpty()).as("result %s", result).isTrue();
    }

    /** A deletion removes the message and is reported as deleted. */
    @Test
    public void deletionRemovesMessageAndIsReported() {
        store().apply(upserting(message(account(), "a", INBOX), message(account(), "b", INBOX)));

        ApplyResult result = store().apply(batch(account(), INBOX).deletion("a").build());

        assertThat(result.deleted()).containsExactly("a");
        assertThat(result.inserted()).isEmpty();
        assertThat(result.updated()).isEmpty();
        assertThat(store().find(account(), "a")).isEmpty();
        assertThat(store().find(account(), "b")).isPresent();
        assertThat(store().count(account())).isEqualTo(1);
        assertThat(store().providerMessageIds(account(), INBOX)).containsExactly("b");
    }

    /** Deleting a message the store does not hold (or no longer holds) is not reported. */
    @Test
    public void deletionOfUnknownMessageIsNotReported() {
        store().apply(upserting(message(account(), "a", INBOX)));
        store().apply(batch(account(), INBOX).deletion("a").build());

        ApplyResult result = store().apply(batch(account(), INBOX).deletion("a").deletion("never-seen").build());

        assertThat(result.isEmpty()).as("result %s", result).isTrue();
    }

    /** Upserts are applied before the flag updates of the same batch: a new message gets the updated flags. */
    @Test
    public void upsertsAreAppliedBeforeFlagUpdatesOfTheSameBatch() {
        EmailMessage fresh = message(account(), "a", INBOX);

        ApplyResult result = store().apply(batch(account(), INBOX)
                .upsert(fresh).flagUpdate(new FlagUpdate("a", Set.of("\\Seen"))).build());

        assertThat(result.inserted()).containsExactly("a");
        assertThat(result.updated()).isEmpty();
        assertThat(store().find(account(), "a")).contains(fresh.withFlags(Set.of("\\Seen")));
    }

    /** Deletions come last: a message upserted and deleted in one batch is absent and not reported as inserted. */
    @Test
    public void upsertAndDeletionOfTheSameIdInOneBatchLeaveItAbsent() {
        ApplyResult result = store().apply(batch(account(), INBOX)
                .upsert(message(account(), "a", INBOX)).upsert(message(account(), "b", INBOX)).deletion("a").build());

        assertThat(result.inserted()).containsExactly("b");
        assertThat(store().find(account(), "a")).isEmpty();
        assertThat(store().count(account())).isEqualTo(1);
    }

    /** A stored message flag-updated and deleted in one batch is absent and reported as deleted. */
    @Test
    public void flagUpdateAndDeletionOfTheSameIdInOneBatchDeleteIt() {
        store().apply(upserting(message(account(), "a", INBOX)));

        ApplyResult result = store().apply(batch(account(), INBOX)
                .flagUpdate(new FlagUpdate("a", Set.of("\\Seen"))).deletion("a").build());

        assertThat(result.deleted()).containsExactly("a");
        assertThat(store().find(account(), "a")).isEmpty();
    }

    /** Dedup is per account: the same provider id and Message-ID in two accounts are two messages, both new. */
    @Test
    public void sameMessageInTwoAccountsIsStoredOncePerAccount() {
        AccountId other = newAccountId();
        EmailMessage mine = message(account(), "same-id", INBOX);
        EmailMessage theirs = message(other, "same-id", INBOX).toBuilder().subject("Their copy").build();
        assertThat(theirs.internetMessageId()).isEqualTo(mine.internetMessageId());

        ApplyResult first = store().apply(upserting(mine));
        ApplyResult second = store().apply(upserting(theirs));

        assertThat(first.inserted()).containsExactly("same-id");
        assertThat(second.inserted()).containsExactly("same-id");
        assertThat(store().find(account(), "same-id")).contains(mine);
        assertThat(store().find(other, "same-id")).contains(theirs);
        assertThat(store().count(account())).isEqualTo(1);
        assertThat(store().count(other)).isEqualTo(1);
    }

    /** One Message-ID in two folders of one account, under two provider ids, is two messages. */
    @Test
    public void sameMessageIdInTwoFoldersOfOneAccountIsTwoMessages() {
        EmailMessage inInbox = message(account(), "copy-1", INBOX).toBuilder().internetMessageId("shared@x").build();
        EmailMessage inArchive = message(account(), "copy-2", ARCHIVE).toBuilder().internetMessageId("shared@x").build();

        ApplyResult first = store().apply(upserting(inInbox));
        ApplyResult second = store().apply(upserting(inArchive));

        assertThat(first.inserted()).containsExactly("copy-1");
        assertThat(second.inserted()).containsExactly("copy-2");
        assertThat(store().count(account())).isEqualTo(2);
        assertThat(store().providerMessageIds(account(), INBOX)).containsExactly("copy-1");
        assertThat(store().providerMessageIds(account(), ARCHIVE)).containsExactly("copy-2");
    }

    /** {@code find} returns a message equal to the one applied, every field included. */
    @Test
    public void findReturnsEveryFieldAsApplied() {
        EmailMessage full = fullMessage(account(), "full", INBOX);
        EmailMessage minimal = minimalMessage(account(), "minimal", INBOX);
        EmailMessage textOnlyUndated = fullMessage(account(), "undated", ARCHIVE).toBuilder()
                .htmlBody(null).sentAt(null).from(null).build();
        EmailMessage htmlOnly = minimalMessage(account(), "html-only", INBOX).toBuilder().htmlBody("<b>hé</b>").build();
        EmailMessage textOnly = EmailMessage.builder(account(), "text-only").folderId(INBOX)
                .receivedAt(full.receivedAt()).textBody("only text").build();

        store().apply(upserting(full, minimal, htmlOnly));
        store().apply(upserting(textOnlyUndated));
        store().apply(upserting(textOnly));

        assertThat(store().find(account(), "full")).contains(full);
        assertThat(store().find(account(), "minimal")).contains(minimal);
        assertThat(store().find(account(), "html-only")).contains(htmlOnly);
        assertThat(store().find(account(), "text-only")).contains(textOnly);
        assertThat(store().find(account(), "undated")).contains(textOnlyUndated);
        assertThat(store().count(account())).isEqualTo(5);
    }

    /** A message whose optional fields are all absent reads back with them absent, not empty strings or epochs. */
    @Test
    public void findKeepsAbsentOptionalFieldsAbsent() {
        store().apply(upserting(minimalMessage(account(), "minimal", INBOX)));

        EmailMessage stored = store().find(account(), "minimal").orElseThrow();

        assertThat(stored.internetMessageId()).isEmpty();
        assertThat(stored.threadId()).isEmpty();
        assertThat(stored.inReplyTo()).isEmpty();
        assertThat(stored.from()).isEmpty();
        assertThat(stored.sentAt()).isEmpty();
        assertThat(stored.textBody()).isEmpty();
        assertThat(stored.htmlBody()).isEmpty();
        assertThat(stored.size()).isEqualTo(-1);
    }

    /** {@code find} of an unknown id, or of an unknown account, is empty. */
    @Test
    public void findOfUnknownMessageIsEmpty() {
        store().apply(upserting(message(account(), "a", INBOX)));

        assertThat(store().find(account(), "b")).isEmpty();
        assertThat(store().find(newAccountId(), "a")).isEmpty();
    }

    /** {@code providerMessageIds} lists the ids of one folder of one account only. */
    @Test
    public void providerMessageIdsListsOnlyThatFolder() {
        AccountId other = newAccountId();
        store().apply(upserting(message(account(), "i1", INBOX), message(account(), "i2", INBOX)));
        store().apply(upserting(message(account(), "a1", ARCHIVE)));
        store().apply(upserting(message(other, "o1", INBOX)));

        assertThat(store().providerMessageIds(account(), INBOX)).containsExactlyInAnyOrder("i1", "i2");
        assertThat(store().providerMessageIds(account(), ARCHIVE)).containsExactly("a1");
        assertThat(store().providerMessageIds(account(), FolderId.of("Empty"))).isEmpty();
        assertThat(store().providerMessageIds(newAccountId(), INBOX)).isEmpty();
    }

    /** A message upserted again with another folder (a move) is listed under its new folder only. */
    @Test
    public void providerMessageIdsFollowsAMove() {
        EmailMessage moving = message(account(), "moving", INBOX);
        store().apply(upserting(moving, message(account(), "staying", INBOX)));

        ApplyResult result = store().apply(upserting(moving.toBuilder().folderId(ARCHIVE).build()));

        assertThat(result.updated()).containsExactly("moving");
        assertThat(store().providerMessageIds(account(), INBOX)).containsExactly("staying");
        assertThat(store().providerMessageIds(account(), ARCHIVE)).containsExactly("moving");
        assertThat(store().find(account(), "moving").map(EmailMessage::folderId)).contains(ARCHIVE);
        assertThat(store().count(account())).isEqualTo(2);
    }

    /**
     * A deletion only removes a message stored in the batch's folder: after a move (new folder synced first), the old
     * folder's removal keeps the moved message.
     */
    @Test
    public void deletionFromTheOldFolderKeepsAMovedMessage() {
        EmailMessage moving = message(account(), "moving", INBOX);
        store().apply(upserting(moving));
        store().apply(upserting(moving.toBuilder().folderId(ARCHIVE).build()));

        ApplyResult result = store().apply(batch(account(), INBOX).deletion("moving").build());

        assertThat(result.deleted()).isEmpty();
        assertThat(store().find(account(), "moving").map(EmailMessage::folderId)).contains(ARCHIVE);
        assertThat(store().providerMessageIds(account(), ARCHIVE)).containsExactly("moving");
    }

    /** {@code count} counts the messages of one account, across folders; zero for an unknown account. */
    @Test
    public void countCountsTheAccountsMessagesAcrossFolders() {
        store().apply(upserting(account(), INBOX, messages(account(), INBOX, "i", 5)));
        store().apply(upserting(account(), ARCHIVE, messages(account(), ARCHIVE, "a", 2)));
        AccountId other = newAccountId();
        store().apply(upserting(other, INBOX, messages(other, INBOX, "i", 1)));

        assertThat(store().count(account())).isEqualTo(7);
        assertThat(store().count(other)).isEqualTo(1);
        assertThat(store().count(newAccountId())).isZero();
    }

    private Map<String, Optional<EmailMessage>> snapshot(String... ids) {
        Map<String, Optional<EmailMessage>> snapshot = new LinkedHashMap<>();
        for (String id : ids) {
            snapshot.put(id, store().find(account(), id));
        }
        return snapshot;
    }
}
