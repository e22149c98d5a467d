package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import io.mailsync.jdbc.JdbcMailStore;
import io.mailsync.jdbc.JdbcProcessingQueue;
import io.mailsync.jdbc.ProcessingJob;
import io.mailsync.jdbc.internal.MessageCodec;
import io.mailsync.jdbc.internal.MessageRow;
import io.mailsync.testkit.postgres.TestPostgres;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The sync-jdbc figures of its issue, against the embedded PostgreSQL of the test kit (or MAILSYNC_TEST_JDBC_URL):
 * <ul>
 *   <li>ingest of 100,000 generated messages in batches of 500 through {@code applyAndSave} (batch + cursor CAS in one
 *       transaction), in messages/s, and the ratio to PostgreSQL {@code COPY} of the same rows into the same table
 *       (a fresh schema each, same run, same encoding work): targets >= 20,000 msgs/s and >= 0.5x COPY;</li>
 *   <li>re-applying the same 100,000 (all duplicates): target >= 40,000 msgs/s;</li>
 *   <li>queue claim + complete with 4 workers: target >= 5,000 jobs/s.</li>
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
        double[] replay = new double[rounds];
        double[] copy = new double[rounds];
        double[] queue = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            try (JdbcMailStore store = store(pg, "bench_apply")) {
                ingest[r] = rate(messages, () -> applyAll(store, account, corpus, 0));
                replay[r] = rate(messages, () -> applyAll(store, account, corpus, messages / BATCH));
                check(store.count(account) == messages, "store holds " + store.count(account));
            }
            try (JdbcMailStore store = store(pg, "bench_copy")) {
                copy[r] = rate(messages, () -> copyAll(store, account, corpus));
                check(store.count(account) == messages, "COPY stored " + store.count(account));
            }
            try (JdbcMailStore store = store(pg, "bench_queue")) {
                queue[r] = queueRate(store.processingQueue(), jobs);
            }
            System.out.printf("round %d: applyAndSave %,.0f msgs/s, duplicates %,.0f msgs/s, COPY %,.0f msgs/s, "
                    + "queue %,.0f jobs/s%n", r + 1, ingest[r], replay[r], copy[r], queue[r]);
        }
        double in = median(ingest);
        double dup = median(replay);
        double cp = median(copy);
        double q = median(queue);
        System.out.println();
        System.out.printf("sync-jdbc ingest (PostgreSQL %s, %s; medians of %d rounds, %,d messages, batches of %d)%n",
                pg.serverVersion(), pg.isEmbedded() ? "embedded, fsync=off" : "MAILSYNC_TEST_JDBC_URL", rounds,
                messages, BATCH);
        System.out.printf("  applyAndSave (batch + cursor, one transaction): %,.0f msgs/s   target >= 20,000: %s%n",
                in, in >= 20_000 ? "MET" : "MISSED");
        System.out.printf("  COPY of the same rows (baseline):               %,.0f msgs/s   ratio %.2f   target >= 0.5: %s%n",
                cp, in / cp, in / cp >= 0.5 ? "MET" : "MISSED");
        System.out.printf("  re-apply, all duplicates:                       %,.0f msgs/s   target >= 40,000: %s%n",
                dup, dup >= 40_000 ? "MET" : "MISSED");
        System.out.printf("  queue claim(50) + complete, 4 workers:          %,.0f jobs/s   target >= 5,000: %s%n",
                q, q >= 5_000 ? "MET" : "MISSED");
    }

    private static JdbcMailStore store(TestPostgres pg, String prefix) {
        return JdbcMailStore.builder().jdbcUrl(pg.jdbcUrl()).username(pg.user()).password(pg.password())
                .schema(pg.newSchemaName(prefix)).maximumPoolSize(6).build();
    }

    private static void applyAll(JdbcMailStore store, AccountId account, List<EmailMessage> corpus, long version) {
        long v = version;
        for (int from = 0; from < corpus.size(); from += BATCH) {
            List<EmailMessage> page = corpus.subList(from, Math.min(corpus.size(), from + BATCH));
            SyncCursor next = SyncCursor.of(INBOX, SyncCursor.Phase.HISTORICAL, Map.of("page", Long.toString(v + 1)));
            store.applyAndSave(ChangeBatch.builder(account, INBOX, next).upserts(page).build(), v);
            v++;
        }
    }

    /** COPY in the text format, the encoding (the same codec as apply) included in the time. */
    private static void copyAll(JdbcMailStore store, AccountId account, List<EmailMessage> corpus) {
        try (Connection c = store.dataSource().getConnection()) {
            StringBuilder data = new StringBuilder(corpus.size() * 900);
            for (EmailMessage m : corpus) {
                appendRow(data, account, MessageCodec.encode(m).row());
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

    private static void appendRow(StringBuilder sb, AccountId account, MessageRow r) {
        Object[] values = {account.value(), r.providerMessageId(), r.folderId(), r.messageId(), r.threadId(),
            r.inReplyTo(), r.referencesJson(), r.fromJson(), r.toJson(), r.ccJson(), r.bccJson(), r.replyToJson(),
            r.subject(), r.snippet(), timestamp(r.sentAtMicros()), timestamp(r.receivedAtMicros()),
            pgArray(r.flagsJson()), r.size(), r.attachmentsJson(), r.hasAttachments(), r.textBody(), r.htmlBody(),
            r.headersJson(), "\\x" + r.contentHashHex()};
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append('\t');
            }
            if (values[i] == null) {
                sb.append("\\N");
            } else {
                escape(sb, values[i].toString());
            }
        }
        sb.append('\n');
    }

    private static String timestamp(Long micros) {
        return micros == null ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS).toString();
    }

    private static String pgArray(String jsonArray) {
        String inner = jsonArray.substring(1, jsonArray.length() - 1); // flags are simple quoted strings
        return "{" + inner + "}";
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
    }

    private static double queueRate(JdbcProcessingQueue queue, int jobs) throws Exception {
        AccountId account = AccountId.of("bench-queue");
        List<String> ids = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            ids.add("q-" + i);
        }
        for (int from = 0; from < jobs; from += 5_000) {
            queue.enqueue(account, ids.subList(from, Math.min(jobs, from + 5_000)), 0);
        }
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String name = "worker-" + w;
                done.add(workers.submit(() -> {
                    int n = 0;
                    List<ProcessingJob> claimed;
                    while (!(claimed = queue.claim(name, 50)).isEmpty()) {
                        n += queue.completeAll(claimed);
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
        return jobs / ((System.nanoTime() - start) / 1e9);
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
