package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.imap.ImapMailProvider;
import io.mailsync.imap.ImapSecurity;
import io.mailsync.jdbc.JdbcMailStore;
import io.mailsync.testkit.corpus.CorpusMessage;
import io.mailsync.testkit.corpus.MailCorpus;
import io.mailsync.testkit.imap.DovecotServer;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.postgres.TestPostgres;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Historical sync of N corpus messages (default 10,000; the test kit's {@link MailCorpus}, realistic MIME) from the
 * INBOX of a local Dovecot into the PostgreSQL store (sync-jdbc's {@link JdbcMailStore} on the test kit's embedded
 * PostgreSQL), wall time, against a raw baseline measured in the same run ({@link ImapCopyBaseline}: a bare Angus
 * {@code UID FETCH} loop of the same items, 500 at a time, newest first, each chunk written with {@code COPY} into a
 * table like {@code email_index}). The messages are written to Dovecot's Maildir directly. After two warm-ups of each,
 * baseline and mailsync runs alternate ({@code RUNS} each; both tables emptied before every run); prints every run,
 * the medians and their ratio. Targets: mailsync <= 4 s and <= 1.5x the baseline. Needs /usr/sbin/dovecot.
 *
 * <p>{@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=ImapHistoricalBenchmark -Dbench.args=10000}
 */
public final class ImapHistoricalBenchmark {

    private static final int WARMUPS = 2;
    private static final int RUNS = 3;
    private static final int CHUNK = 500;

    private ImapHistoricalBenchmark() {
    }

    /** Runs the benchmark; the first argument is the message count. */
    public static void main(String[] args) throws Exception {
        int n = messageCount(args);
        if (!DovecotServer.isInstalled()) {
            System.out.println(DovecotServer.SKIP_MESSAGE);
            return;
        }
        List<byte[]> corpus = MailCorpus.builder().seed(2026).owner("Bench User", "bench@example.com").build()
                .stream(n).map(CorpusMessage::raw).toList();
        System.out.printf("corpus: %,d messages, %,.1f MB%n", n, corpus.stream().mapToLong(r -> r.length).sum() / 1e6);
        TestPostgres pg = TestPostgres.shared();
        try (DovecotServer dovecot = startWithInbox(corpus);
             JdbcMailStore store = JdbcMailStore.builder().jdbcUrl(pg.jdbcUrl()).username(pg.user())
                     .password(pg.password()).schema(pg.newSchemaName("bench_imap")).maximumPoolSize(6).build()) {
            ImapCopyBaseline baseline = new ImapCopyBaseline(store.dataSource(), store.schema());
            for (int w = 1; w <= WARMUPS; w++) { // Dovecot fills its index cache with the items each side asks for
                double warmBase = baseline.run(dovecot.host(), dovecot.port(), "bench", "pw", CHUNK, n);
                double warmOurs = mailsync(dovecot, store, n, "warmup" + w);
                System.out.printf("warm-up %d: baseline %.2f s, mailsync %.2f s%n", w, warmBase, warmOurs);
            }
            double[] base = new double[RUNS];
            double[] ours = new double[RUNS];
            double[] baseCpu = new double[RUNS];
            double[] oursCpu = new double[RUNS];
            for (int r = 0; r < RUNS; r++) {
                double cpu0 = cpuSeconds();
                base[r] = baseline.run(dovecot.host(), dovecot.port(), "bench", "pw", CHUNK, n);
                double cpu1 = cpuSeconds();
                ours[r] = mailsync(dovecot, store, n, "run" + r);
                baseCpu[r] = cpu1 - cpu0;
                oursCpu[r] = cpuSeconds() - cpu1;
                System.out.printf("run %d: baseline %.2f s (JVM CPU %.2f s), mailsync %.2f s (JVM CPU %.2f s), "
                        + "ratio %.2fx%n", r + 1, base[r], baseCpu[r], ours[r], oursCpu[r], ours[r] / base[r]);
            }
            System.out.printf("JVM CPU medians (this process only, not Dovecot or PostgreSQL): baseline %.2f s, "
                    + "mailsync %.2f s%n", median(baseCpu), median(oursCpu));
            compareRows(store);
            double b = median(base);
            double m = median(ours);
            System.out.printf("ImapHistoricalBenchmark (%,d corpus messages, Dovecot -> PostgreSQL %s): baseline "
                    + "Angus UID FETCH + COPY median %.2f s; mailsync historical sync (sync-jdbc) "
                    + "median %.2f s (%,.0f msg/s); ratio %.2fx. Targets <= 4 s: %s, <= 1.5x: %s%n", n,
                    pg.serverVersion(), b, m, n / m, m / b, m <= 4 ? "MET" : "MISSED", m / b <= 1.5 ? "MET" : "MISSED");
        }
    }

    /**
     * Prints, per {@code email_index} column, how many rows of the last mailsync run differ from the baseline's row of
     * the same message, and a few that differ: both sides must do the same work (the content hash covers every column).
     */
    private static void compareRows(JdbcMailStore store) throws Exception {
        String[] columns = {"message_id", "in_reply_to", "message_references", "from_address", "to_addresses",
            "cc_addresses", "subject", "snippet", "sent_at", "received_at", "flags", "size", "attachments",
            "text_body", "html_body", "headers", "content_hash"};
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (String c : columns) {
            sql.append(", count(*) FILTER (WHERE m.").append(c).append(" IS DISTINCT FROM b.").append(c).append(')');
        }
        sql.append(" FROM \"").append(store.schema()).append("\".email_index m JOIN \"").append(store.schema())
                .append("\".baseline_index b USING (provider_message_id)");
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery(sql.toString())) {
            rs.next();
            StringBuilder out = new StringBuilder("rows compared (mailsync vs baseline): " + rs.getLong(1));
            for (int i = 0; i < columns.length; i++) {
                out.append(i == 0 ? "; differing: " : ", ").append(columns[i]).append(' ').append(rs.getLong(i + 2));
            }
            System.out.println(out);
        }
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT m.attachments, b.attachments, m.snippet, b.snippet FROM \""
                     + store.schema()
                     + "\".email_index m JOIN \"" + store.schema() + "\".baseline_index b USING (provider_message_id)"
                     + " WHERE m.content_hash <> b.content_hash LIMIT 3")) {
            while (rs.next()) {
                System.out.printf("  differs: attachments %s vs %s; snippet %s vs %s%n", rs.getString(1),
                        rs.getString(2), rs.getString(3), rs.getString(4));
            }
        }
    }

    /** One historical sync of a fresh account into emptied store tables; the seconds taken. */
    private static double mailsync(DovecotServer dovecot, JdbcMailStore store, int n, String accountName)
            throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE \"" + store.schema() + "\".email_index, \"" + store.schema() + "\".email_sync_state");
        }
        InMemoryMailStore credentials = new InMemoryMailStore(); // sync-jdbc would need a keyset to encrypt them
        AccountId id = AccountId.of(accountName);
        credentials.save(id, Credential.password("bench", "pw"));
        try (MailSync mailSync = MailSync.builder().store(store).credentialStore(credentials).pageSize(CHUNK)
                .provider(ImapMailProvider.builder().host(dovecot.host()).port(dovecot.port())
                        .security(ImapSecurity.PLAIN).maxPageSize(CHUNK).build())
                .build()) {
            mailSync.registerAccount(SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId("u")
                    .email("bench@example.com").notifyFrom(Instant.EPOCH).pollingInterval(Duration.ofHours(1)).build());
            long start = System.nanoTime();
            SyncReport report = mailSync.startHistoricalSync(id, HistoricalSyncOptions.ALL).get();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!report.isSuccess() || store.count(id) != n) {
                throw new IllegalStateException("sync incomplete: " + report + ", stored " + store.count(id));
            }
            return seconds;
        }
    }

    /** CPU time used by this JVM so far, all threads. */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** The message count from the first argument; 10,000 when none is given. */
    static int messageCount(String[] args) {
        return args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 10_000;
    }

    /** A private Dovecot whose user {@code bench} (password {@code pw}) has {@code raws} in INBOX. */
    static DovecotServer startWithInbox(List<byte[]> raws) {
        DovecotServer dovecot = DovecotServer.start();
        try {
            dovecot.addUser("bench", "pw");
            long loadStart = System.nanoTime();
            dovecot.writeToInbox("bench", raws); // Maildir files: far faster than APPEND
            try (ImapTestClient c = dovecot.client("bench", "pw")) {
                if (c.uids("INBOX").size() != raws.size()) { // Dovecot indexes the Maildir on this first look
                    throw new IllegalStateException("Dovecot sees " + c.uids("INBOX").size() + " messages");
                }
            }
            System.out.printf("loaded %,d messages into Dovecot in %.1f s%n", raws.size(),
                    (System.nanoTime() - loadStart) / 1e9);
            return dovecot;
        } catch (RuntimeException e) {
            dovecot.close(); // never leave a server running
            throw e;
        }
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
