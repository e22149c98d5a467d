package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.AttachmentSummary;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.jdbc.internal.MessageCodec;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Header;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw baseline of {@link ImapHistoricalBenchmark}: a bare Angus loop on one connection that {@code UID FETCH}es
 * the INBOX newest first, {@code chunk} UIDs at a time, with the items the provider asks for (UID, flags,
 * INTERNALDATE, size, envelope, body structure, the four extra header fields) plus the whole message
 * ({@code BODY.PEEK[]}, parsed here for its first text and HTML parts), turns each message into the same
 * {@code email_index} columns (through the same row codec as sync-jdbc) and writes each chunk with one PostgreSQL
 * {@code COPY ... FROM STDIN} into a table made {@code LIKE email_index INCLUDING ALL} (same columns, defaults and
 * indexes). No engine, no cursor, no transactions beyond COPY's own, no retries.
 */
final class ImapCopyBaseline {

    private static final String ITEMS = "UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE "
            + "BODY.PEEK[HEADER.FIELDS (Message-ID In-Reply-To References List-Id)] BODY.PEEK[]";
    private static final String COLUMNS = "email_account_id, provider_message_id, folder_id, message_id, thread_id, "
            + "in_reply_to, message_references, from_address, to_addresses, cc_addresses, bcc_addresses, "
            + "reply_to_addresses, subject, snippet, sent_at, received_at, flags, size, attachments, has_attachments, "
            + "text_body, html_body, headers, content_hash";
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");
    private static final AccountId ACCOUNT = AccountId.of("baseline");
    private static final FolderId INBOX = FolderId.of("INBOX");

    private final DataSource db;
    private final String table;
    private final Session session = Session.getInstance(new Properties());

    /** A baseline writing into {@code schema.baseline_index}, created like {@code schema.email_index}. */
    ImapCopyBaseline(DataSource db, String schema) throws Exception {
        this.db = db;
        this.table = '"' + schema + "\".baseline_index";
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (LIKE \"" + schema + "\".email_index INCLUDING ALL)");
        }
    }

    /** Empties the table, then reads the whole INBOX into it; returns the seconds taken and checks the row count. */
    double run(String host, int port, String user, String password, int chunk, int expected) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + table);
        }
        Properties props = new Properties();
        props.put("mail.imap.peek", "true");
        Store store = Session.getInstance(props).getStore("imap");
        long start = System.nanoTime();
        int written = 0;
        store.connect(host, port, user, password);
        try (Connection c = db.getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            IMAPFolder folder = (IMAPFolder) store.getFolder("INBOX");
            folder.open(Folder.READ_ONLY);
            long uidValidity = folder.getUIDValidity();
            long[] uids = uids(folder);
            for (int to = uids.length; to > 0; to -= chunk) {
                int from = Math.max(0, to - chunk);
                StringBuilder data = new StringBuilder((to - from) * 4096);
                for (Object[] f : fetch(folder, uids[from] + ":" + uids[to - 1])) {
                    CopyText.appendRow(data, ACCOUNT, MessageCodec.encode(toMessage(uidValidity, f)).row());
                    written++;
                }
                copy.copyIn("COPY " + table + " (" + COLUMNS + ") FROM STDIN", new StringReader(data.toString()));
            }
            folder.close(false);
        } finally {
            store.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (written != expected) {
            throw new IllegalStateException("baseline wrote " + written + " rows, expected " + expected);
        }
        return seconds;
    }

    private static long[] uids(IMAPFolder folder) throws Exception {
        return (long[]) folder.doCommand(p -> {
            Response[] r = p.command("UID SEARCH ALL", null);
            List<Long> list = new ArrayList<>();
            for (Response x : r) {
                if (x instanceof org.eclipse.angus.mail.imap.protocol.IMAPResponse ir && ir.keyEquals("SEARCH")) {
                    for (long u; (u = ir.readLong()) != -1; ) {
                        list.add(u);
                    }
                }
            }
            p.handleResult(r[r.length - 1]);
            return list.stream().mapToLong(Long::longValue).sorted().toArray();
        });
    }

    /** One {@code UID FETCH}: per message {uid, flags, internal date, size, envelope, extra headers, whole message}. */
    @SuppressWarnings("unchecked")
    private static List<Object[]> fetch(IMAPFolder folder, String uidRange) throws Exception {
        return (List<Object[]>) folder.doCommand(p -> {
            Response[] r = p.command("UID FETCH " + uidRange + " (" + ITEMS + ")", null);
            List<Object[]> out = new ArrayList<>(r.length);
            for (Response x : r) {
                if (x instanceof FetchResponse f && f.getItem(UID.class) != null) {
                    byte[] headers = null;
                    byte[] whole = null;
                    for (int i = 0; i < f.getItemCount(); i++) {
                        if (f.getItem(i) instanceof BODY b) {
                            byte[] bytes = b.getByteArray().getNewBytes();
                            if (b.getSection() != null && !b.getSection().isEmpty()) {
                                headers = bytes;
                            } else {
                                whole = bytes;
                            }
                        }
                    }
                    out.add(new Object[] {f.getItem(UID.class).uid, f.getItem(FLAGS.class),
                        f.getItem(INTERNALDATE.class).getDate(), f.getItem(RFC822SIZE.class).size,
                        f.getItem(ENVELOPE.class), headers, whole});
                }
            }
            p.handleResult(r[r.length - 1]);
            return out;
        });
    }

    private EmailMessage toMessage(long uidValidity, Object[] f) throws Exception {
        ENVELOPE env = (ENVELOPE) f[4];
        EmailMessage.Builder b = EmailMessage.builder(ACCOUNT, "INBOX/" + uidValidity + "/" + f[0]).folderId(INBOX)
                .flags(flags((FLAGS) f[1])).size((Long) f[3]).receivedAt(((java.util.Date) f[2]).toInstant())
                .subject(decode(env.subject));
        firstId(env.messageId).ifPresent(b::internetMessageId);
        firstId(env.inReplyTo).ifPresent(b::inReplyTo);
        if (env.date != null) {
            b.sentAt(env.date.toInstant());
        }
        List<EmailAddress> from = addresses(env.from);
        if (!from.isEmpty()) {
            b.from(from.get(0));
        }
        b.to(addresses(env.to)).cc(addresses(env.cc)).bcc(addresses(env.bcc)).replyTo(addresses(env.replyTo));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        InternetHeaders parsed = new InternetHeaders(new ByteArrayInputStream((byte[]) f[5]), true);
        for (Enumeration<Header> e = parsed.getAllHeaders(); e.hasMoreElements(); ) {
            Header h = e.nextElement();
            headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(decode(h.getValue()));
        }
        List<String> references = new ArrayList<>();
        headers.getOrDefault("references", List.of()).forEach(v -> references.addAll(ids(v)));
        b.headers(headers).references(references);
        String[] bodies = new String[2];
        List<AttachmentSummary> attachments = new ArrayList<>();
        walk(new MimeMessage(session, new ByteArrayInputStream((byte[]) f[6])), 0, bodies, attachments);
        if (bodies[0] != null) {
            b.textBody(bodies[0]);
        }
        if (bodies[1] != null) {
            b.htmlBody(bodies[1]);
        }
        String source = bodies[0] != null ? bodies[0] : bodies[1] == null ? "" : bodies[1]
                .replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]*>", " ")
                .replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        String snippet = source.replaceAll("\\s+", " ").strip();
        return b.snippet(snippet.length() <= 200 ? snippet : snippet.substring(0, 200)).attachments(attachments)
                .build();
    }

    /** The first text/plain and text/html that are not attachments; other leaves are attachments. */
    private static void walk(Part part, int depth, String[] bodies, List<AttachmentSummary> attachments)
            throws Exception {
        String type = part.getContentType() == null ? "text/plain"
                : new jakarta.mail.internet.ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/") && part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                walk(child, depth + 1, bodies, attachments);
            }
            return;
        }
        String disposition = part.getDisposition() == null ? "" : part.getDisposition().toLowerCase(Locale.ROOT);
        String name = part.getFileName() == null ? "" : decode(part.getFileName()).strip();
        int slot = type.equals("text/plain") ? 0 : type.equals("text/html") ? 1 : -1;
        if (slot >= 0 && !disposition.equals("attachment") && bodies[slot] == null) {
            bodies[slot] = text(part);
        }
        boolean bodyText = slot >= 0 && !disposition.equals("attachment") && name.isEmpty();
        if (bodyText || (disposition.isEmpty() && name.isEmpty() && type.startsWith("text/"))) {
            return;
        }
        boolean nested = type.equals("message/rfc822");
        boolean inline = disposition.equals("inline")
                || (disposition.isEmpty() && ((jakarta.mail.internet.MimePart) part).getContentID() != null && !nested);
        attachments.add(new AttachmentSummary(name, type, part.getSize(), inline));
    }

    private static String text(Part part) throws Exception {
        Charset cs = StandardCharsets.UTF_8;
        String name = new jakarta.mail.internet.ContentType(part.getContentType()).getParameter("charset");
        if (name != null && Charset.isSupported(MimeUtility.javaCharset(name))) {
            cs = Charset.forName(MimeUtility.javaCharset(name));
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), cs);
        }
    }

    private static Set<String> flags(FLAGS flags) {
        Set<String> names = new TreeSet<>();
        for (jakarta.mail.Flags.Flag f : flags.getSystemFlags()) {
            if (f == jakarta.mail.Flags.Flag.SEEN) {
                names.add("\\Seen");
            } else if (f == jakarta.mail.Flags.Flag.ANSWERED) {
                names.add("\\Answered");
            } else if (f == jakarta.mail.Flags.Flag.FLAGGED) {
                names.add("\\Flagged");
            }
        }
        names.addAll(List.of(flags.getUserFlags()));
        return names;
    }

    private static String decode(String s) throws Exception {
        return s == null ? "" : MimeUtility.decodeText(MimeUtility.unfold(s));
    }

    private static java.util.Optional<String> firstId(String header) {
        List<String> ids = ids(header);
        return ids.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(ids.get(0));
    }

    private static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            for (Matcher m = MESSAGE_ID.matcher(header); m.find(); ) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    private static List<EmailAddress> addresses(InternetAddress[] list) {
        List<EmailAddress> out = new ArrayList<>();
        if (list != null) {
            for (InternetAddress a : list) {
                if (a.getAddress() != null && !a.getAddress().isBlank()) {
                    String personal = a.getPersonal() == null ? "" : a.getPersonal().strip();
                    out.add(new EmailAddress(personal, a.getAddress().strip()));
                }
            }
        }
        return out;
    }
}
