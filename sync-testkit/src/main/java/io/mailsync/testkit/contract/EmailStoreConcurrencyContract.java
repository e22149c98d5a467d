package io.mailsync.testkit.contract;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FlagUpdate;
import io.mailsync.core.spi.EmailStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.mailsync.testkit.contract.TestMessages.INBOX;
import static io.mailsync.testkit.contract.TestMessages.batch;
import static io.mailsync.testkit.contract.TestMessages.messages;
import static io.mailsync.testkit.contract.TestMessages.upserting;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The part of the {@link EmailStore} contract about load: concurrent applies (DESIGN.md invariants 1 and 10 under
 * races, since a replayed batch can meet the original) and large batches. {@link EmailStoreContract} extends it and
 * is the class a host extends; this one can also be extended alone, to run only these tests.
 *
 * <p>Holds the store under test: {@link #createStore()} is called before each test.
 */
public abstract class EmailStoreConcurrencyContract extends StoreContractSupport<EmailStore> {

    /** For subclasses. */
    protected EmailStoreConcurrencyContract() {
    }

    /**
     * Threads applying the same batch at once: across all results each message is inserted exactly once.
     *
     * @throws Exception when the racing threads cannot be started or do not finish in time
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    public void concurrentAppliesOfTheSameBatchInsertEachMessageOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            AccountId racing = newAccountId();
            ChangeBatch batch = upserting(racing, INBOX, messages(racing, INBOX, "m", 50));

            List<Race.Outcome<ApplyResult>> outcomes = Race.run(THREADS, i -> () -> store().apply(batch));

            assertEachInsertedOnce(outcomes, TestMessages.ids(batch.upserts()));
            assertThat(store().count(racing)).isEqualTo(50);
            assertThat(store().providerMessageIds(racing, INBOX)).hasSize(50);
            batch.upserts().forEach(m -> assertThat(store().find(racing, m.providerMessageId())).contains(m));
        }
    }

    /**
     * Threads applying overlapping batches at once: each message is inserted exactly once.
     *
     * @throws Exception when the racing threads cannot be started or do not finish in time
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    public void concurrentAppliesOfOverlappingBatchesInsertEachMessageOnce() throws Exception {
        List<EmailMessage> all = messages(account(), INBOX, "m", THREADS * 10 + 20);

        List<Race.Outcome<ApplyResult>> outcomes = Race.run(THREADS, i ->
                () -> store().apply(upserting(account(), INBOX, all.subList(i * 10, i * 10 + 30))));

        assertEachInsertedOnce(outcomes, TestMessages.ids(all));
        assertThat(store().count(account())).isEqualTo(all.size());
    }

    /**
     * Threads applying batches of different accounts at once each see only their own account's changes.
     *
     * @throws Exception when the racing threads cannot be started or do not finish in time
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    public void concurrentAppliesForDifferentAccountsDoNotInterfere() throws Exception {
        List<AccountId> accounts = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            accounts.add(newAccountId());
        }

        List<Race.Outcome<ApplyResult>> outcomes = Race.run(THREADS, i -> () -> {
            AccountId mine = accounts.get(i);
            ApplyResult inserted = store().apply(upserting(mine, INBOX, messages(mine, INBOX, "same", 100)));
            store().apply(batch(mine, INBOX).flagUpdate(new FlagUpdate("same-0", Set.of("\\Seen")))
                    .deletion("same-1").build());
            return inserted;
        });

        Set<String> ids = TestMessages.ids(messages(account(), INBOX, "same", 100));
        for (int i = 0; i < THREADS; i++) {
            assertThat(outcomes.get(i).get().inserted()).containsExactlyInAnyOrderElementsOf(ids);
            AccountId mine = accounts.get(i);
            assertThat(store().count(mine)).isEqualTo(99);
            assertThat(store().find(mine, "same-0").orElseThrow().flags()).containsExactly("\\Seen");
            assertThat(store().find(mine, "same-2").orElseThrow().accountId()).isEqualTo(mine);
        }
    }

    /** A batch of 2,000 upserts, then 2,000 flag updates, then 2,000 deletions, is applied completely. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    public void largeBatchesAreAppliedCompletely() {
        List<EmailMessage> many = messages(account(), INBOX, "bulk", 2_000);
        Set<String> ids = TestMessages.ids(many);

        assertThat(store().apply(upserting(account(), INBOX, many)).inserted()).hasSize(2_000);
        assertThat(store().apply(upserting(account(), INBOX, many)).isEmpty()).isTrue();
        assertThat(store().count(account())).isEqualTo(2_000);
        assertThat(store().providerMessageIds(account(), INBOX)).isEqualTo(ids);

        ChangeBatch.Builder flagging = batch(account(), INBOX);
        ids.forEach(id -> flagging.flagUpdate(new FlagUpdate(id, Set.of("\\Seen"))));
        assertThat(store().apply(flagging.build()).updated()).isEqualTo(ids);
        assertThat(store().find(account(), "bulk-1999").orElseThrow().flags()).containsExactly("\\Seen");

        ChangeBatch.Builder deleting = batch(account(), INBOX);
        ids.forEach(deleting::deletion);
        assertThat(store().apply(deleting.build()).deleted()).isEqualTo(ids);
        assertThat(store().count(account())).isZero();
        assertThat(store().providerMessageIds(account(), INBOX)).isEmpty();
    }

    private static void assertEachInsertedOnce(List<Race.Outcome<ApplyResult>> outcomes, Set<String> expected) {
        Map<String, Integer> timesInserted = new HashMap<>();
        for (Race.Outcome<ApplyResult> outcome : outcomes) {
            outcome.get().inserted().forEach(id -> timesInserted.merge(id, 1, Integer::sum));
        }
        assertThat(timesInserted.keySet()).as("ids reported inserted").isEqualTo(expected);
        assertThat(timesInserted).as("times each id was reported inserted").allSatisfy((id, n) -> assertThat(n)
                .as("times %s was reported inserted", id).isEqualTo(1));
    }
}
