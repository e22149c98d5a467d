package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.ProcessingOptions;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.core.memory.InMemoryContactStore;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.processing.CategoryProcessor;
import io.mailsync.core.processing.ContactsProcessor;
import io.mailsync.core.processing.LeadScoreProcessor;
import io.mailsync.core.processing.RulePriorityScorer;
import io.mailsync.core.spi.Credential;
import io.mailsync.imap.ImapMailProvider;
import io.mailsync.imap.ImapSecurity;
import io.mailsync.testkit.corpus.CorpusMessage;
import io.mailsync.testkit.corpus.MailCorpus;
import io.mailsync.testkit.imap.DovecotServer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 8's "sync is not slowed": an IMAP historical sync of N corpus messages (default 10,000) from a local Dovecot
 * into the in-memory store, with every built-in processor on (rule-based priority, contacts, category, lead score)
 * against the same sync with processing off, alternating, in the same run. The sync time ends when the historical
 * sync reports done; processing continues after, and how long it takes to drain is printed too. Target: ratio of the
 * medians <= 1.1. Needs /usr/sbin/dovecot.
 *
 * <p>{@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=ImapProcessingOverheadBenchmark
 * -Dbench.args=10000}
 */
public final class ImapProcessingOverheadBenchmark {

    private static final int RUNS = 5;

    private ImapProcessingOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = ImapHistoricalBenchmark.messageCount(args);
        if (!DovecotServer.isInstalled()) {
            System.out.println(DovecotServer.SKIP_MESSAGE);
            return;
        }
        List<byte[]> corpus = MailCorpus.builder().seed(8).owner("Bench Owner", "bench@example.com").build()
                .stream(n).map(CorpusMessage::raw).toList();
        try (DovecotServer dovecot = ImapHistoricalBenchmark.startWithInbox(corpus)) {
            sync(dovecot, n, false, "warm-off");
            sync(dovecot, n, true, "warm-on");
            double[] off = new double[RUNS];
            double[] on = new double[RUNS];
            double[] drain = new double[RUNS];
            for (int r = 0; r < RUNS; r++) {
                off[r] = sync(dovecot, n, false, "off" + r)[0];
                double[] withProcessing = sync(dovecot, n, true, "on" + r);
                on[r] = withProcessing[0];
                drain[r] = withProcessing[1];
                System.out.printf("run %d: off %.2f s, on %.2f s (processing drained %.2f s later)%n", r + 1, off[r],
                        on[r], drain[r]);
            }
            double medianOff = ImapHistoricalBenchmark.median(off);
            double medianOn = ImapHistoricalBenchmark.median(on);
            System.out.printf("ImapProcessingOverheadBenchmark (%,d messages): historical sync median %.2f s with "
                    + "processing off, %.2f s with every built-in processor on: ratio %.3f (target <= 1.1); "
                    + "processing drained a median %.2f s after the sync%n", n, medianOff, medianOn,
                    medianOn / medianOff, ImapHistoricalBenchmark.median(drain));
        }
    }

    /** One historical sync: {sync seconds, seconds until processing drained (0 when off)}. */
    private static double[] sync(DovecotServer dovecot, int n, boolean processing, String accountName)
            throws Exception {
        InMemoryMailStore store = new InMemoryMailStore();
        AccountId id = AccountId.of(accountName);
        store.save(id, Credential.password("bench", "pw"));
        InMemoryContactStore contacts = new InMemoryContactStore();
        MailSync.Builder builder = MailSync.builder().store(store).pageSize(500)
                .provider(ImapMailProvider.builder().host(dovecot.host()).port(dovecot.port())
                        .security(ImapSecurity.PLAIN).maxPageSize(500).build());
        if (processing) {
            builder.processing(ProcessingOptions.builder().workers(1).build())
                    .priorityScorer(RulePriorityScorer.builder().vipDomains(List.of("example.org")).build())
                    .processor(new ContactsProcessor(contacts))
                    .processor(CategoryProcessor.defaults())
                    .processor(LeadScoreProcessor.builder().domain("example.net", 20).keyword("budget", 10)
                            .firstContact(contacts, 15).build());
        }
        try (MailSync mailSync = builder.build()) {
            mailSync.registerAccount(SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId("u")
                    .email("bench@example.com").notifyFrom(Instant.EPOCH).pollingInterval(Duration.ofHours(1)).build());
            long start = System.nanoTime();
            SyncReport report = mailSync.startHistoricalSync(id, HistoricalSyncOptions.ALL).get();
            long synced = System.nanoTime();
            if (!report.isSuccess() || store.count(id) < n) {
                throw new IllegalStateException("sync incomplete: " + report + ", stored " + store.count(id));
            }
            while (processing && mailSync.getSyncStatus(id).queueDepth() > 0) {
                Thread.sleep(5);
            }
            return new double[] {(synced - start) / 1e9, (System.nanoTime() - synced) / 1e9};
        }
    }
}
