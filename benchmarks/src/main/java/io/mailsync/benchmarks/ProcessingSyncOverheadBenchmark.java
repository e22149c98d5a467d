package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderRole;
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
import io.mailsync.testkit.ScriptedMailProvider;
import io.mailsync.testkit.ScriptedMailbox;
import io.mailsync.testkit.corpus.CorpusMessage;
import io.mailsync.testkit.corpus.MailCorpus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sync is not slowed by processing: an in-memory historical sync of {@value #MESSAGES} corpus messages (scripted
 * provider, three folders) with every built-in processor on (contacts, category, lead score, rule-based priority)
 * against the same sync with processing off. The sync time is measured until the historical sync reports done;
 * processing then continues in the background and its drain time is printed too. Runs alternate off/on after one
 * warm-up each. Target: median(on) / median(off) <= 1.1.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=ProcessingSyncOverheadBenchmark}
 * ({@code -Dbench.args=--runs=N}, default 7; {@code --workers=N} processing workers, default 1: on a 2-core machine one
 * core stays with the sync while the other processes; {@code --batch=N}, default 20;
 * {@code --noop}: one processor that does nothing instead of the built-in ones, to see the pipeline's own cost).
 */
public final class ProcessingSyncOverheadBenchmark {

    static final int MESSAGES = 10_000;
    private static final AccountId ACCOUNT = AccountId.of("bench");
    private static int workers = 1;
    private static int batchSize = 20;
    private static boolean noop;

    public static void main(String[] args) throws Exception {
        int runs = 7;
        for (String a : args) {
            if (a.startsWith("--runs=")) {
                runs = Integer.parseInt(a.substring(7));
            } else if (a.equals("--noop")) {
                noop = true;
            } else if (a.startsWith("--batch=")) {
                batchSize = Integer.parseInt(a.substring(8));
            } else if (a.startsWith("--workers=")) {
                workers = Integer.parseInt(a.substring(10));
            }
        }
        System.out.printf("%d runs each, %d processing worker(s), batches of %d, %d cores%n", runs, workers, batchSize,
                Runtime.getRuntime().availableProcessors());
        MailCorpus corpus = MailCorpus.builder().seed(10).owner("Bench Owner", "owner@example.com").build();
        List<CorpusMessage> messages = corpus.generate(MESSAGES);
        for (int i = 0; i < 2; i++) { // warm-up
            run(messages, false);
            run(messages, true);
        }
        List<Long> off = new ArrayList<>();
        List<Long> on = new ArrayList<>();
        List<Long> drain = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            off.add(run(messages, false)[0]);
            long[] r = run(messages, true);
            on.add(r[0]);
            drain.add(r[1]);
        }
        long medianOff = median(off);
        long medianOn = median(on);
        System.out.printf("historical sync of %,d messages, processing off: median %d ms %s%n", MESSAGES, medianOff,
                off);
        System.out.printf("historical sync of %,d messages, processing on:  median %d ms %s%n", MESSAGES, medianOn, on);
        System.out.printf("ratio on/off: %.3f (target <= 1.1)%n", medianOn / (double) medianOff);
        System.out.printf("processing of all %,d jobs finished after the sync in: median %d ms %s%n", MESSAGES,
                median(drain), drain);
    }

    /** One sync: {sync ms, drain ms after the sync (0 when off)}. */
    private static long[] run(List<CorpusMessage> messages, boolean processing) throws Exception {
        ScriptedMailProvider provider = new ScriptedMailProvider(Provider.IMAP);
        ScriptedMailbox mailbox = provider.mailbox(ACCOUNT)
                .addFolder(MailCorpus.SENT, FolderRole.SENT).addFolder(MailCorpus.ARCHIVE, FolderRole.ARCHIVE);
        messages.forEach(m -> mailbox.deliver(m.folder(), m));
        InMemoryContactStore contacts = new InMemoryContactStore();
        MailSync.Builder builder = MailSync.builder().store(new InMemoryMailStore()).provider(provider)
                .shutdownTimeout(Duration.ofSeconds(2));
        if (processing && noop) { // the pipeline's own cost: one processor that does nothing, the flat scorer
            builder.processing(ProcessingOptions.builder().workers(workers).batchSize(batchSize).build())
                    .processor(new io.mailsync.core.spi.EmailProcessor() {
                        @Override
                        public String name() {
                            return "noop";
                        }

                        @Override
                        public List<io.mailsync.core.spi.ProcessingOutput> process(
                                io.mailsync.core.spi.ProcessingBatch batch) {
                            return List.of();
                        }
                    });
        } else if (processing) {
            builder.processing(ProcessingOptions.builder().workers(workers).batchSize(batchSize).build())
                    .priorityScorer(RulePriorityScorer.builder().vipDomains(List.of("example.org")).build())
                    .processor(new ContactsProcessor(contacts))
                    .processor(CategoryProcessor.defaults())
                    .processor(LeadScoreProcessor.builder().domain("example.net", 20).keyword("budget", 10)
                            .firstContact(contacts, 15).build());
        }
        System.gc();
        try (MailSync mailSync = builder.build()) {
            SyncOptions options = SyncOptions.builder().provider(Provider.IMAP).accountId(ACCOUNT).userId("u")
                    .email("owner@example.com").pollingInterval(Duration.ofHours(1)).build();
            mailSync.registerAccount(options);
            long start = System.nanoTime();
            SyncReport report = mailSync.startHistoricalSync(ACCOUNT, HistoricalSyncOptions.ALL)
                    .get(5, TimeUnit.MINUTES);
            long synced = System.nanoTime();
            if (report.inserted() != MESSAGES) {
                throw new IllegalStateException("expected " + MESSAGES + " inserted, was " + report.inserted());
            }
            long drained = synced;
            if (processing) {
                while (mailSync.getSyncStatus(ACCOUNT).queueDepth() > 0) {
                    Thread.sleep(5);
                }
                drained = System.nanoTime();
            }
            return new long[] {(synced - start) / 1_000_000, (drained - synced) / 1_000_000};
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
