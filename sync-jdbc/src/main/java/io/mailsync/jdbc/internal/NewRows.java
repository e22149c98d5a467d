package io.mailsync.jdbc.internal;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fast path of the upsert: one probe finds which rows of a batch are already stored (and whether they changed),
 * and the new ones are written with {@code COPY ... FROM STDIN}, PostgreSQL's bulk insert (several rows per WAL record
 * and buffer lock, no speculative insertion), in the caller's transaction. Unchanged rows are not written at all;
 * changed ones go through the {@code INSERT ... ON CONFLICT} upsert.
 *
 * <p>A row the probe did not see but a concurrent transaction inserted makes the COPY fail with a unique violation
 * ({@link #isRace}): the caller rolls back to its savepoint and upserts the whole batch with {@code ON CONFLICT}.
 * Rows written by the COPY are new by construction (the unique key refused nothing), exactly as {@code xmax = 0}
 * would report them. When PostgreSQL refuses COPY for the session (row-level security applying to the connected
 * role), the path switches itself off. Thread-safe.
 */
final class NewRows {

    /** A batch's rows split by what the store holds. */
    record Split(List<MessageRow> fresh, List<MessageRow> changed) {
    }

    private final String probeSql;
    private final String copySql;
    private final AtomicBoolean usable = new AtomicBoolean(true);

    NewRows(String table) {
        probeSql = "SELECT e.provider_message_id, e.content_hash = decode(u.hash, 'hex') AND e.flags = u.flags::text[] "
                + "FROM unnest(?::text[], ?::text[], ?::text[]) AS u(pid, hash, flags) JOIN " + table + " AS e "
                + "ON e.email_account_id = ? AND e.provider_message_id = u.pid";
        copySql = "COPY " + table + " (email_account_id, provider_message_id, folder_id, message_id, thread_id, "
                + "in_reply_to, message_references, from_address, to_addresses, cc_addresses, bcc_addresses, "
                + "reply_to_addresses, subject, snippet, sent_at, received_at, flags, size, attachments, "
                + "has_attachments, text_body, html_body, headers, content_hash) FROM STDIN";
    }

    /** Whether the COPY path is on (it switches off when PostgreSQL refuses COPY for this role). */
    boolean usable() {
        return usable.get();
    }

    /** Which of {@code rows} are not stored, and which are stored with other content or flags. */
    Split split(Connection c, String account, List<MessageRow> rows) throws SQLException {
        int n = rows.size();
        String[] ids = new String[n];
        String[] hashes = new String[n];
        String[] flags = new String[n];
        for (int i = 0; i < n; i++) {
            MessageRow r = rows.get(i);
            ids[i] = r.providerMessageId();
            hashes[i] = r.contentHashHex();
            flags[i] = r.flagsLiteral();
        }
        Map<String, Boolean> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(probeSql)) {
            ps.setString(1, PgArray.of(ids));
            ps.setString(2, PgArray.of(hashes));
            ps.setString(3, PgArray.of(flags));
            ps.setString(4, account);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getBoolean(2));
                }
            }
        }
        List<MessageRow> fresh = new ArrayList<>(n - stored.size());
        List<MessageRow> changed = new ArrayList<>();
        for (MessageRow r : rows) {
            Boolean same = stored.get(r.providerMessageId());
            if (same == null) {
                fresh.add(r);
            } else if (!same) {
                changed.add(r);
            }
        }
        return new Split(fresh, changed);
    }

    /** Writes {@code rows} (none stored yet) with one COPY. */
    void copy(Connection c, String account, List<MessageRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(rows.size() * 1_024);
        for (MessageRow r : rows) {
            append(sb, account, r);
        }
        byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        CopyIn in = copy.copyIn(copySql);
        try {
            in.writeToCopy(data, 0, data.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /**
     * Whether {@code e} sends the batch to the {@code ON CONFLICT} upsert: a unique violation (a concurrent writer
     * stored one of the rows after the probe) or COPY refused for this role (which also switches the path off).
     */
    boolean isRace(SQLException e) {
        String state = e.getSQLState();
        if ("0A000".equals(state)) {
            usable.set(false);
            return true;
        }
        return "23505".equals(state);
    }

    private static void append(StringBuilder sb, String account, MessageRow r) {
        field(sb, account);
        for (String s : new String[] {r.providerMessageId(), r.folderId(), r.messageId(), r.threadId(), r.inReplyTo(),
            r.referencesJson(), r.fromJson(), r.toJson(), r.ccJson(), r.bccJson(), r.replyToJson(), r.subject(),
            r.snippet(), timestamp(r.sentAtMicros()), timestamp(r.receivedAtMicros()), r.flagsLiteral(),
            Long.toString(r.size()), r.attachmentsJson(), r.hasAttachments() ? "t" : "f", r.textBody(), r.htmlBody(),
            r.headersJson(), "\\x" + r.contentHashHex()}) {
            field(sb.append('\t'), s);
        }
        sb.append('\n');
    }

    private static String timestamp(Long micros) {
        return micros == null ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS).toString();
    }

    /** One value in COPY's text format: {@code \N} for NULL, backslash, tab, newline and carriage return escaped. */
    private static void field(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("\\N");
            return;
        }
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            String esc = switch (ch) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (esc != null) {
                sb.append(s, start, i).append(esc);
                start = i + 1;
            }
        }
        sb.append(s, start, n);
    }
}
