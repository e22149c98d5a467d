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
import io.mailsync.testkit.imap.DovecotServer;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.imap.TestMail;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;

/**
 * Historical sync of N messages (default 10,000) from a folder of a local Dovecot into the in-memory store, wall time,
 * against a raw baseline measured in the same run: a bare Angus loop that {@code UID FETCH}es the same items
 * (envelope, INTERNALDATE, flags, size, body structure, the provider's four extra header fields and the whole message,
 * 500 at a time, newest first) and keeps them in a list. The messages are written to Dovecot's Maildir directly. Prints the medians of alternating runs and their ratio. Needs /usr/sbin/dovecot.
 *
 * <p>{@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=ImapHistoricalBenchmark -Dbench.args=10000}
 */
public final class ImapHistoricalBenchmark {

    private static final int RUNS = 3;

    private ImapHistoricalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = messageCount(args);
        if (!DovecotServer.isInstalled()) {
            System.out.println(DovecotServer.SKIP_MESSAGE);
            return;
        }
        try (DovecotServer dovecot = startWithInbox(IntStream.range(0, n).mapToObj(TestMail::message).toList())) {
            baseline(dovecot, n); // warm-up of both paths
            mailsync(dovecot, n, "warmup");
            double[] base = new double[RUNS];
            double[] ours = new double[RUNS];
            for (int r = 0; r < RUNS; r++) {
                base[r] = baseline(dovecot, n);
                ours[r] = mailsync(dovecot, n, "run" + r);
                System.out.printf("run %d: baseline %.2f s, mailsync %.2f s%n", r + 1, base[r], ours[r]);
            }
            double b = median(base);
            double m = median(ours);
            System.out.printf("ImapHistoricalBenchmark (%,d messages, measured under load): baseline Angus UID FETCH "
                    + "loop median %.2f s; mailsync historical sync median %.2f s (%,.0f msg/s); ratio %.2fx%n",
                    n, b, m, n / m, m / b);
        }
    }

    private static double mailsync(DovecotServer dovecot, int n, String accountName) throws Exception {
        InMemoryMailStore store = new InMemoryMailStore();
        AccountId id = AccountId.of(accountName);
        store.save(id, Credential.password("bench", "pw"));
        try (MailSync mailSync = MailSync.builder().store(store).pageSize(500)
                .provider(ImapMailProvider.builder().host(dovecot.host()).port(dovecot.port())
                        .security(ImapSecurity.PLAIN).maxPageSize(500).build())
                .build()) {
            mailSync.registerAccount(SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId("u")
                    .email("bench@example.com").notifyFrom(Instant.EPOCH).pollingInterval(Duration.ofHours(1)).build());
            long start = System.nanoTime();
            SyncReport report = mailSync.startHistoricalSync(id, HistoricalSyncOptions.ALL).get();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!report.isSuccess() || store.count(id) < n) {
                throw new IllegalStateException("sync incomplete: " + report + ", stored " + store.count(id));
            }
            return seconds;
        }
    }

    private static double baseline(DovecotServer dovecot, int n) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.peek", "true");
        props.put("mail.imap.partialfetch", "false");
        Store store = Session.getInstance(props).getStore("imap");
        long start = System.nanoTime();
        store.connect(dovecot.host(), dovecot.port(), "bench", "pw");
        try {
            IMAPFolder folder = (IMAPFolder) store.getFolder("INBOX");
            folder.open(Folder.READ_ONLY);
            Message[] all = folder.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.ENVELOPE);
            fp.add(FetchProfile.Item.FLAGS);
            fp.add(FetchProfile.Item.CONTENT_INFO);
            fp.add(FetchProfile.Item.SIZE);
            fp.add(UIDFolder.FetchProfileItem.UID);
            for (String header : new String[] {"Message-ID", "In-Reply-To", "References", "List-Id"}) {
                fp.add(header); // the same BODY.PEEK[HEADER.FIELDS (...)] as the provider
            }
            fp.add(IMAPFolder.FetchProfileItem.MESSAGE);
            List<Object[]> kept = new ArrayList<>(all.length);
            for (int i = all.length; i > 0; i -= 500) {
                Message[] chunk = Arrays.copyOfRange(all, Math.max(0, i - 500), i);
                folder.fetch(chunk, fp);
                for (Message m : chunk) {
                    kept.add(new Object[] {folder.getUID(m), m.getSubject(), m.getFlags(), m.getSize()});
                }
            }
            folder.close(false);
            if (kept.size() != n) {
                throw new IllegalStateException("baseline read " + kept.size());
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            store.close();
        }
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
