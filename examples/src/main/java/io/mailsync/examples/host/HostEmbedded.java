package io.mailsync.examples.host;

import io.mailsync.testkit.corpus.CorpusMessage;
import io.mailsync.testkit.corpus.MailCorpus;
import io.mailsync.testkit.imap.GreenMailImap;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.postgres.TestPostgres;
import jakarta.mail.Flags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The embedded defaults of {@link HostMain}: a PostgreSQL (the test kit's, embedded unless {@code MAILSYNC_JDBC_URL}
 * names one) and, unless {@code MAILSYNC_IMAP_HOST} is set, an in-JVM GreenMail IMAP server with one user whose
 * INBOX, Sent and Archive hold {@value #SEEDED} messages from the test kit's corpus. {@link #close()} stops GreenMail;
 * the embedded PostgreSQL stops with the JVM.
 */
final class HostEmbedded implements AutoCloseable {

    static final String IMAP_USER = "demo";
    static final String IMAP_PASSWORD = "demo-password";
    static final int SEEDED = 300;

    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final GreenMailImap greenMail;

    private HostEmbedded(String jdbcUrl, String jdbcUser, String jdbcPassword, GreenMailImap greenMail) {
        this.jdbcUrl = jdbcUrl;
        this.jdbcUser = jdbcUser;
        this.jdbcPassword = jdbcPassword;
        this.greenMail = greenMail;
    }

    static HostEmbedded start(UnaryOperator<String> env) {
        String url = env.apply("MAILSYNC_JDBC_URL");
        String user = env.apply("MAILSYNC_JDBC_USER");
        String password = env.apply("MAILSYNC_JDBC_PASSWORD");
        if (url == null || url.isBlank()) {
            TestPostgres pg = TestPostgres.shared();
            url = pg.jdbcUrl();
            user = pg.user();
            password = pg.password();
        }
        GreenMailImap greenMail = env.apply("MAILSYNC_IMAP_HOST") == null ? seededGreenMail() : null;
        return new HostEmbedded(url, user, password, greenMail);
    }

    private static GreenMailImap seededGreenMail() {
        GreenMailImap imap = GreenMailImap.start();
        imap.addUser(IMAP_USER, IMAP_PASSWORD);
        Map<String, List<byte[]>> byFolder = new LinkedHashMap<>();
        MailCorpus.builder().seed(2026).owner("Demo User", IMAP_USER + "@localhost").build().stream(SEEDED)
                .forEach((CorpusMessage m) -> byFolder.computeIfAbsent(m.folder(), f -> new ArrayList<>()).add(m.raw()));
        try (ImapTestClient client = imap.client(IMAP_USER, IMAP_PASSWORD)) {
            byFolder.forEach((folder, raws) -> {
                if (!folder.equals("INBOX")) {
                    client.createFolder(folder);
                }
                client.appendAll(folder, raws, new Flags(Flags.Flag.SEEN));
            });
        }
        return imap;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    String jdbcUser() {
        return jdbcUser;
    }

    String jdbcPassword() {
        return jdbcPassword;
    }

    /** The seeded GreenMail server, or {@code null} when a real IMAP server is configured. */
    GreenMailImap greenMail() {
        return greenMail;
    }

    @Override
    public void close() {
        if (greenMail != null) {
            greenMail.close();
        }
    }
}
