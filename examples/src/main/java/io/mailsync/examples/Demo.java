package io.mailsync.examples;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.core.SyncStatus;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;
import io.mailsync.testkit.Fault;
import io.mailsync.testkit.ScriptedMailProvider;
import io.mailsync.testkit.ScriptedMailbox;
import io.mailsync.testkit.corpus.MailCorpus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The self-contained demo: the engine on the in-memory store and the test kit's scripted provider, no setup.
 * It seeds a mailbox from the test kit's mail corpus, runs the historical sync with a progress bar, switches to real time (push + polling),
 * delivers new mail, survives a burst of 429s, and prints a summary. {@code --duration <seconds>} sets how long
 * new mail keeps arriving (default 5).
 */
public final class Demo {

    private static final AccountId ACCOUNT = AccountId.of("demo-account");

    private final Map<String, Instant> deliveredAt = new ConcurrentHashMap<>();
    private final List<Long> latenciesMillis = Collections.synchronizedList(new ArrayList<>());

    private Demo() {
    }

    /** Runs the demo. */
    public static void main(String[] args) throws Exception {
        new Demo().run(parseDuration(args));
    }

    private static Duration parseDuration(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--duration")) {
                try {
                    return Duration.ofSeconds(Long.parseLong(args[i + 1]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--duration must be a number of seconds, was " + args[i + 1], e);
                }
            }
        }
        return Duration.ofSeconds(5);
    }

    private void run(Duration duration) throws Exception {
        InMemoryMailStore store = new InMemoryMailStore();
        ScriptedMailProvider provider = new ScriptedMailProvider(Provider.IMAP);
        ScriptedMailbox mailbox = provider.mailbox(ACCOUNT)
                .addFolder("Sent", FolderRole.SENT).addFolder("Archive", FolderRole.ARCHIVE)
                .supportPush(null);
        MailCorpus corpus = MailCorpus.builder().seed(2026).owner("Demo User", "demo@example.com").build();
        corpus.stream(2_000).forEach(m -> mailbox.deliver(m.folder(), m));
        say("mailbox seeded with 2,000 realistic messages from the test kit's corpus "
                + "(scripted IMAP provider, in-memory store)");

        try (MailSync mailSync = MailSync.builder()
                .store(store)
                .provider(provider)
                .processor(new WordCounter())
                .listener(this::onEvent)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .build()) {
            SyncOptions options = SyncOptions.builder().provider(Provider.IMAP).accountId(ACCOUNT).userId("demo-user")
                    .email("demo@example.com").pollingIntervalMinutes(0.5).enableAI(false).build();

            say("phase 1: historical sync");
            mailSync.registerAccount(options);
            SyncReport historical = mailSync.startHistoricalSync(ACCOUNT, HistoricalSyncOptions.builder()
                    .progress(p -> progressBar(p.folderId().value(), p.synced(), p.estimatedTotal().orElse(p.synced())))
                    .build()).get(60, TimeUnit.SECONDS);
            System.out.println();
            say("historical sync stored %d messages in %d ms", historical.inserted(), historical.elapsed().toMillis());

            say("phase 2: real-time sync (push + polling every %ss)", options.pollingInterval().toSeconds());
            mailSync.startRealTimeSync(options);
            deliverLiveMail(mailbox, duration);

            say("a burst of 429 Too Many Requests from the provider ...");
            mailbox.failNextFetches(3, Fault.rateLimited(Duration.ofMillis(200)));
            deliver(mailbox, "after the throttling");
            Thread.sleep(1_500);

            printSummary(mailSync.getSyncStatus(ACCOUNT), store, mailbox);
        }
        say("closed cleanly");
    }

    private void deliverLiveMail(ScriptedMailbox mailbox, Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        int n = 0;
        while (System.nanoTime() < end) {
            deliver(mailbox, "live message " + ++n);
            Thread.sleep(1_000);
        }
    }

    private void deliver(ScriptedMailbox mailbox, String subject) {
        Instant now = Instant.now();
        String id = mailbox.deliver("INBOX", b -> b.subject(subject).receivedAt(now)).providerMessageId();
        deliveredAt.put(id, now);
    }

    private void onEvent(SyncEvent event) {
        switch (event) {
            case SyncEvent.MessageCreated created -> {
                Instant sent = deliveredAt.get(created.message().providerMessageId());
                if (sent != null) {
                    long ms = Duration.between(sent, Instant.now()).toMillis();
                    latenciesMillis.add(ms);
                    say("new mail: \"%s\" stored %d ms after it arrived", created.message().subject(), ms);
                }
            }
            case SyncEvent.StatusChanged changed -> say("status %s -> %s%s", changed.from(), changed.to(),
                    changed.error().map(e -> " (" + e.category() + ": " + e.message() + ")").orElse(""));
            case SyncEvent.FolderSyncFailed failed -> say("folder %s failed: %s", failed.folderId(),
                    failed.error().message());
            default -> { }
        }
    }

    private void printSummary(SyncStatus status, InMemoryMailStore store, ScriptedMailbox mailbox) {
        System.out.println();
        say("summary");
        System.out.printf("  %-10s %8s%n", "folder", "stored");
        store.messages(ACCOUNT).stream()
                .collect(java.util.stream.Collectors.groupingBy(m -> m.folderId().value(), java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()))
                .forEach((folder, count) -> System.out.printf("  %-10s %8d%n", folder, count));
        List<Long> sorted = new ArrayList<>(latenciesMillis);
        Collections.sort(sorted);
        if (!sorted.isEmpty()) {
            System.out.printf("  arrival latency p50 %d ms, max %d ms over %d messages%n",
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size());
        }
        System.out.printf("  store equals mailbox: %s; state %s; last error %s%n",
                store.messages(ACCOUNT).equals(mailbox.messages()), status.state(),
                status.lastError().map(e -> e.category().toString()).orElse("none"));
    }

    private static void progressBar(String folder, long done, long total) {
        int width = 30;
        int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
        System.out.printf("\r  %-8s [%s%s] %5d/%d", folder, "#".repeat(filled), ".".repeat(width - filled), done, total);
        if (done >= total) {
            System.out.println();
        }
        System.out.flush();
    }

    private static void say(String format, Object... args) {
        System.out.printf("[demo] " + format + "%n", args);
    }

    /** A tiny processor: counts words; the pipeline hands it each batch of really new messages after they are stored. */
    private static final class WordCounter implements EmailProcessor {
        @Override
        public String name() {
            return "word-counter";
        }

        @Override
        public List<ProcessingOutput> process(ProcessingBatch batch) {
            return batch.messages().stream().map(m -> ProcessingOutput.of(m.providerMessageId(), "words",
                    Integer.toString(m.textBody().map(body -> body.split("\\s+").length).orElse(0)))).toList();
        }
    }
}
