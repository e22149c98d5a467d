package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.spi.ProcessingJob;
import io.mailsync.core.spi.ProcessingQueue;
import io.mailsync.jdbc.JdbcMailStore;
import io.mailsync.jdbc.internal.MessageCodec;
import io.mailsync.testkit.postgres.TestPostgres;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sync-jdbc figures of its issue, against the embedded PostgreSQL of the test kit (or MAILSYNC_TEST_JDBC_URL):
 * <ul>
 *   <li>ingest of 100,000 generated messages in batches of 500 through {@code applyAndSave} (batch and cursor CAS in
 *       one transaction, the issue's measure), in messages/s, and the ratio to PostgreSQL {@code COPY} of the same
 *       rows into the same table with the same indexes (a fresh schema each, same run, same encoding work, one COPY
 *       of all rows): targets >= 20,000 msgs/s and >= 0.5x COPY;</li>
 *   <li>the same through {@code applyAndSaveAndEnqueue} (plus one processing job per new message in the same
 *       transaction, as the engine does with processors on), against the same COPY (which queues no jobs);</li>
 *   <li>re-applying the same 100,000 (all duplicates, no jobs queued): target >= 40,000 msgs/s;</li>
 *   <li>queue: claim(50) + complete through the {@code ProcessingQueue} SPI with 4 workers: target >= 5,000 jobs/s;</li>
 *   <li>priority under load: with 10,000 low-priority jobs queued and 4 workers claiming, the time from enqueueing a
 *       high-priority job to a worker's claim returning it, p99 of 200 trials: target < 50 ms.</li>
 * </ul>
 * Each figure is the median of {@code --rounds N} rounds (default 3). {@code --messages N} changes the count.
 *
 * <p>{@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=JdbcIngestBenchmark}
 */
public final class JdbcIngestBenchmark {

    private static final FolderId INBOX = FolderId.of("INBOX");
    private static final int BATCH = 500;

    private JdbcIngestBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        int messages = intArg(args, "--messages", 100_000);
        int rounds = intArg(args, "--rounds", 3);
        int jobs = intArg(args, "--jobs", 40_000);
        TestPostgres pg = TestPostgres.shared();
        AccountId account = AccountId.of("bench-account");
        List<EmailMessage> corpus = corpus(account, messages);

        double[] ingest = new double[rounds];
        double[] ingestJobs = new double[rounds];
        double[] replay = new double[rounds];
        double[] copy = new double[rounds];
        double[] queue = new double[rounds];
        double[] p99 = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            try (JdbcMailStore store = store(pg, "bench_jobs")) {
                ingestJobs[r] = rate(messages, () -> applyAll(store, account, corpus, 0, true));
                check(store.depth(account) == messages, "jobs queued " + store.depth(account));
            }
            try (JdbcMailStore store = store(pg, "bench_apply")) {
                ingest[r] = rate(messages, () -> applyAll(store, account, corpus, 0, false));
                replay[r] = rate(messages, () -> applyAll(store, account, corpus, messages / BATCH, false));
                check(store.count(account) == messages, "store holds " + store.count(account));
            }
            try (JdbcMailStore store = store(pg, "bench_copy")) {
                copy[r] = rate(messages, () -> copyAll(store, account, corpus));
                check(store.count(account) == messages, "COPY stored " + store.count(account));
            }
            try (JdbcMailStore store = store(pg, "bench_queue")) {
                queue[r] = queueRate(store, jobs);
            }
            try (JdbcMailStore store = store(pg, "bench_prio")) {
                p99[r] = priorityP99Millis(store, 10_000, 200);
            }
            System.out.printf("round %d: applyAndSave %,.0f msgs/s, applyAndSaveAndEnqueue %,.0f msgs/s, duplicates "
                    + "%,.0f msgs/s, COPY %,.0f msgs/s (ratios %.2f / %.2f), queue %,.0f jobs/s, high-priority claim "
                    + "p99 %.1f ms%n", r + 1, ingest[r], ingestJobs[r], replay[r], copy[r], ingest[r] / copy[r],
                    ingestJobs[r] / copy[r], queue[r], p99[r]);
        }
        double in = median(ingest);
        double inJobs = median(ingestJobs);
        double dup = median(replay);
        double cp = median(copy);
        double q = median(queue);
        double lat = median(p99);
        System.out.println();
        System.out.printf("sync-jdbc ingest (PostgreSQL %s, %s; medians of %d rounds, %,d messages, batches of %d)%n",
                pg.serverVersion(), pg.isEmbedded() ? "embedded, fsync=off" : "MAILSYNC_TEST_JDBC_URL", rounds,
                messages, BATCH);
        System.out.printf("  applyAndSave (batch+cursor, 1 tx):              %,.0f msgs/s   target >= 20,000: %s%n",
                in, in >= 20_000 ? "MET" : "MISSED");
        System.out.printf("  COPY of the same rows (baseline):               %,.0f msgs/s   ratio %.2f   target >= 0.5: %s%n",
                cp, in / cp, in / cp >= 0.5 ? "MET" : "MISSED");
        System.out.printf("  applyAndSaveAndEnqueue (+1 job/new msg, 1 tx): %,.0f msgs/s   ratio to COPY %.2f%n",
                inJobs, inJobs / cp);
        System.out.printf("  re-apply, all duplicates:                       %,.0f msgs/s   target >= 40,000: %s%n",
                dup, dup >= 40_000 ? "MET" : "MISSED");
        System.out.printf("  queue claim(50) + complete (SPI), 4 workers:    %,.0f jobs/s   target >= 5,000: %s%n",
                q, q >= 5_000 ? "MET" : "MISSED");
        System.out.printf("  high-priority job over 10,000 low, enqueue->claim p99: %.1f ms   target < 50: %s%n",
                lat, lat < 50 ? "MET" : "MISSED");
    }

    private static JdbcMailStore store(TestPostgres pg, String prefix) {
        return JdbcMailStore.builder().jdbcUrl(pg.jdbcUrl()).username(pg.user()).password(pg.password())
                .schema(pg.newSchemaName(prefix)).maximumPoolSize(6).build();
    }

    private static void applyAll(JdbcMailStore store, AccountId account, List<EmailMessage> corpus, long version,
                                 boolean jobs) {
        long v = version;
        for (int from = 0; from < corpus.size(); from += BATCH) {
            List<EmailMessage> page = corpus.subList(from, Math.min(corpus.size(), from + BATCH));
            SyncCursor next = SyncCursor.of(INBOX, SyncCursor.Phase.HISTORICAL, Map.of("page", Long.toString(v + 1)));
            ChangeBatch batch = ChangeBatch.builder(account, INBOX, next).upserts(page).build();
            if (jobs) {
                store.applyAndSaveAndEnqueue(batch, v, m -> m.flags().isEmpty() ? 60 : 40);
            } else {
                store.applyAndSave(batch, v);
            }
            v++;
        }
    }

    /** COPY in the text format, the encoding (the same codec as apply) included in the time. */
    private static void copyAll(JdbcMailStore store, AccountId account, List<EmailMessage> corpus) {
        try (Connection c = store.dataSource().getConnection()) {
            StringBuilder data = new StringBuilder(corpus.size() * 900);
            for (EmailMessage m : corpus) {
                CopyText.appendRow(data, account, MessageCodec.encode(m).row());
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY \"" + store.schema() + "\".email_index (email_account_id, provider_message_id, folder_id, "
                    + "message_id, thread_id, in_reply_to, message_references, from_address, to_addresses, cc_addresses, "
                    + "bcc_addresses, reply_to_addresses, subject, snippet, sent_at, received_at, flags, size, "
                    + "attachments, has_attachments, text_body, html_body, headers, content_hash) FROM STDIN",
                    new StringReader(data.toString()));
        } catch (Exception e) {
            throw new IllegalStateException("COPY failed", e);
        }
    }

    private static double queueRate(ProcessingQueue queue, int jobs) throws Exception {
        AccountId account = AccountId.of("bench-queue");
        Instant now = Instant.now();
        List<ProcessingJob> all = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            all.add(ProcessingJob.of(account, "q-" + i, i % 101, now));
        }
        for (int from = 0; from < jobs; from += 5_000) {
            queue.enqueue(all.subList(from, Math.min(jobs, from + 5_000)));
        }
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                done.add(workers.submit(() -> {
                    int n = 0;
                    List<ProcessingJob> claimed;
                    while (!(claimed = queue.claim(50, Duration.ofMinutes(5))).isEmpty()) {
                        queue.complete(claimed);
                        n += claimed.size();
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            check(total == jobs, "completed " + total + " of " + jobs);
        }
        check(queue.depth(account) == 0, "queue not empty after the run");
        return jobs / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * {@code low} jobs at priority 10 stay queued (workers that claim one put it straight back with {@code retry});
     * each trial enqueues one priority-100 job and measures until a worker's claim returns it.
     */
    private static double priorityP99Millis(ProcessingQueue queue, int low, int trials) throws Exception {
        AccountId account = AccountId.of("bench-priority");
        Instant now = Instant.now();
        List<ProcessingJob> lows = new ArrayList<>(low);
        for (int i = 0; i < low; i++) {
            lows.add(ProcessingJob.of(account, "low-" + i, 10, now));
        }
        queue.enqueue(lows);
        Map<String, Long> enqueuedAt = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> claimedSignal = new ConcurrentHashMap<>();
        long[] latencies = new long[trials];
        AtomicBoolean running = new AtomicBoolean(true);
        try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
            for (int w = 0; w < 4; w++) {
                workers.submit(() -> {
                    while (running.get()) {
                        List<ProcessingJob> claimed = queue.claim(4, Duration.ofMinutes(5));
                        long at = System.nanoTime();
                        for (ProcessingJob j : claimed) {
                            CountDownLatch signal = claimedSignal.get(j.providerMessageId());
                            if (signal != null) {
                                enqueuedAt.computeIfPresent(j.providerMessageId(), (k, t0) -> at - t0);
                                queue.complete(List.of(j));
                                signal.countDown();
                            } else {
                                queue.retry(j, "benchmark: back to the queue", Instant.now());
                            }
                        }
                    }
                    return null;
                });
            }
            for (int t = 0; t < trials; t++) {
                String id = "high-" + t;
                CountDownLatch signal = new CountDownLatch(1);
                claimedSignal.put(id, signal);
                enqueuedAt.put(id, System.nanoTime());
                queue.enqueue(List.of(ProcessingJob.of(account, id, 100, Instant.now())));
                check(signal.await(30, TimeUnit.SECONDS), "high-priority job " + id + " never claimed");
                latencies[t] = enqueuedAt.get(id);
                Thread.sleep(2 + t % 5);
            }
            running.set(false);
        }
        check(queue.depth(account) == low, "low-priority jobs lost: depth " + queue.depth(account));
        Arrays.sort(latencies);
        return latencies[(int) Math.ceil(trials * 0.99) - 1] / 1e6;
    }

    /** A corpus shaped like real mail: two recipients, a 300-character body, headers, flags, some attachments. */
    private static List<EmailMessage> corpus(AccountId account, int n) {
        List<EmailMessage> list = new ArrayList<>(n);
        String body = "Hello team, here is the weekly report. ".repeat(8);
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            list.add(EmailMessage.builder(account, "msg-" + i).folderId(INBOX)
                    .internetMessageId("msg-" + i + "@bench.example.org")
                    .threadId("thread-" + i / 4)
                    .from(EmailAddress.of("Sender " + i % 97, "sender" + i % 97 + "@example.org"))
                    .to(List.of(EmailAddress.of("Alice", "alice@example.org"), EmailAddress.of("bob@example.org")))
                    .subject("Weekly report #" + i)
                    .snippet(body.substring(0, 120))
                    .sentAt(base.plusSeconds(i * 60L))
                    .receivedAt(base.plusSeconds(i * 60L + 2))
                    .flags(i % 3 == 0 ? Set.of("\\Seen") : Set.of())
                    .size(4_000 + i % 1_000)
                    .textBody(body)
                    .headers(Map.of("list-id", List.of("<team.example.org>")))
                    .build());
        }
        return list;
    }

    private static double rate(int count, Runnable work) {
        long start = System.nanoTime();
        work.run();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static int intArg(String[] args, String name, int fallback) {
        List<String> list = new ArrayList<>();
        for (String a : args) {
            list.addAll(Arrays.asList(a.trim().split("\\s+")));
        }
        int i = list.indexOf(name);
        return i >= 0 && i + 1 < list.size() ? Integer.parseInt(list.get(i + 1)) : fallback;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark self-check failed: " + what);
        }
    }
}
