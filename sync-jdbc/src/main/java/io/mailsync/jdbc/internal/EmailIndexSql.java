package io.mailsync.jdbc.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FlagUpdate;
import io.mailsync.core.FolderId;
import io.mailsync.core.MalformedMessageException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of {@code email_index}: a set-based apply and the reads. Upserts: one probe of the batch's ids, the new rows
 * with one {@code COPY} ({@link NewRows}), the changed ones with one multi-row {@code INSERT ... SELECT FROM unnest(...)
 * ON CONFLICT DO UPDATE ... WHERE changed RETURNING (xmax = 0)}, unchanged ones not at all; on a concurrent insert (or
 * where COPY is refused) the whole batch goes through that upsert, and on a data error row by row. Then one
 * {@code UPDATE ... FROM unnest} for flags and one {@code DELETE ... = ANY} for deletions. Runs on a connection whose transaction the caller owns.
 * Thread-safe (stateless apart from the schema name).
 */
public final class EmailIndexSql {

    /** What an apply did: the SPI's result, the new rows' ids in batch order, and the messages it rejected. */
    public record Outcome(ApplyResult result, List<String> insertedInOrder, List<MalformedMessageException> rejected) {
    }

    private final String upsertSql;
    private final String flagsSql;
    private final String deleteSql;
    private final String findSql;
    private final String idsSql;
    private final String allIdsSql;
    private final String countSql;
    private final String logSql;
    private final NewRows newRows;

    /** The SQL for the tables of {@code schema} (already validated and quoted). */
    public EmailIndexSql(String quotedSchema) {
        String t = quotedSchema + ".email_index";
        newRows = new NewRows(t);
        upsertSql = "INSERT INTO " + t + " AS e (email_account_id, provider_message_id, folder_id, message_id, "
                + "thread_id, in_reply_to, message_references, from_address, to_addresses, cc_addresses, "
                + "bcc_addresses, reply_to_addresses, subject, snippet, sent_at, received_at, flags, size, "
                + "attachments, has_attachments, text_body, html_body, headers, content_hash) "
                + "SELECT ?, u.pid, u.folder, u.mid, u.tid, u.irt, u.refs::jsonb, u.frm::jsonb, u.tos::jsonb, "
                + "u.ccs::jsonb, u.bccs::jsonb, u.rts::jsonb, u.subj, u.snip, "
                + "timestamptz 'epoch' + u.sent * interval '1 microsecond', "
                + "timestamptz 'epoch' + u.recv * interval '1 microsecond', "
                + "u.flags::text[], "
                + "u.size, u.att::jsonb, u.has_att, u.txt, u.html, u.hdrs::jsonb, decode(u.hash, 'hex') "
                + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], "
                + "?::bigint[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY "
                + "AS u(pid, folder, mid, tid, irt, refs, frm, tos, ccs, bccs, rts, subj, snip, sent, recv, flags, "
                + "size, att, has_att, txt, html, hdrs, hash, ord) "
                // unchanged rows are left out before the insert: ON CONFLICT DO UPDATE would lock (write) each of them
                + "WHERE NOT EXISTS (SELECT 1 FROM " + t + " x WHERE x.email_account_id = ? "
                + "AND x.provider_message_id = u.pid AND x.content_hash = decode(u.hash, 'hex') "
                + "AND x.flags = u.flags::text[]) "
                + "ORDER BY u.ord "
                + "ON CONFLICT (email_account_id, provider_message_id) DO UPDATE SET folder_id = EXCLUDED.folder_id, "
                + "message_id = EXCLUDED.message_id, thread_id = EXCLUDED.thread_id, "
                + "in_reply_to = EXCLUDED.in_reply_to, message_references = EXCLUDED.message_references, "
                + "from_address = EXCLUDED.from_address, to_addresses = EXCLUDED.to_addresses, "
                + "cc_addresses = EXCLUDED.cc_addresses, bcc_addresses = EXCLUDED.bcc_addresses, "
                + "reply_to_addresses = EXCLUDED.reply_to_addresses, subject = EXCLUDED.subject, "
                + "snippet = EXCLUDED.snippet, sent_at = EXCLUDED.sent_at, received_at = EXCLUDED.received_at, "
                + "flags = EXCLUDED.flags, size = EXCLUDED.size, attachments = EXCLUDED.attachments, "
                + "has_attachments = EXCLUDED.has_attachments, text_body = EXCLUDED.text_body, "
                + "html_body = EXCLUDED.html_body, headers = EXCLUDED.headers, content_hash = EXCLUDED.content_hash, "
                + "updated_at = now() "
                + "WHERE e.content_hash <> EXCLUDED.content_hash OR e.flags <> EXCLUDED.flags "
                + "RETURNING e.provider_message_id, (e.xmax = 0) AS inserted";
        flagsSql = "UPDATE " + t + " AS e SET flags = u.flags, updated_at = now() FROM (SELECT v.pid, "
                + "ARRAY(SELECT x FROM jsonb_array_elements_text(v.f::jsonb) WITH ORDINALITY AS f(x, n) ORDER BY n) "
                + "AS flags FROM unnest(?::text[], ?::text[]) AS v(pid, f)) AS u "
                + "WHERE e.email_account_id = ? AND e.provider_message_id = u.pid AND e.flags <> u.flags "
                + "RETURNING e.provider_message_id";
        deleteSql = "DELETE FROM " + t + " WHERE email_account_id = ? AND folder_id = ? "
                + "AND provider_message_id = ANY(?::text[]) RETURNING provider_message_id";
        findSql = "SELECT " + MessageCodec.COLUMNS + " FROM " + t
                + " WHERE email_account_id = ? AND provider_message_id = ?";
        idsSql = "SELECT provider_message_id FROM " + t + " WHERE email_account_id = ? AND folder_id = ?";
        allIdsSql = "SELECT provider_message_id FROM " + t + " WHERE email_account_id = ?";
        countSql = "SELECT count(*) FROM " + t + " WHERE email_account_id = ?";
        logSql = "INSERT INTO " + quotedSchema + ".sync_event_log (email_account_id, folder_id, provider_message_id, "
                + "event_type, detail) VALUES (?, ?, ?, ?, ?)";
    }

    /** Applies {@code batch} on {@code c} (upserts, flag updates, deletions), inside the caller's transaction. */
    public Outcome apply(Connection c, ChangeBatch batch) throws SQLException {
        String account = batch.accountId().value();
        List<MalformedMessageException> rejected = new ArrayList<>();
        List<MessageRow> rows = encode(c, batch, rejected);
        Set<String> inserted = new LinkedHashSet<>();
        Set<String> updated = new LinkedHashSet<>();
        upsert(c, batch, rows, inserted, updated, rejected);
        for (String id : updateFlags(c, account, batch.flagUpdates())) {
            if (!inserted.contains(id)) {
                updated.add(id);
            }
        }
        Set<String> deleted = new LinkedHashSet<>();
        for (String id : delete(c, account, batch)) {
            updated.remove(id);
            if (!inserted.remove(id)) {
                deleted.add(id);
            }
        }
        return new Outcome(new ApplyResult(inserted, updated, deleted), List.copyOf(inserted), rejected);
    }

    private List<MessageRow> encode(Connection c, ChangeBatch batch, List<MalformedMessageException> rejected)
            throws SQLException {
        Map<String, MessageRow> byId = new LinkedHashMap<>();
        for (EmailMessage m : batch.upserts()) {
            try {
                MessageCodec.Encoded encoded = MessageCodec.encode(m);
                byId.remove(encoded.row().providerMessageId());
                byId.put(encoded.row().providerMessageId(), encoded.row());
                for (String note : encoded.notes()) {
                    log(c, batch.accountId(), encoded.row().folderId(), encoded.row().providerMessageId(),
                            "MESSAGE_ADJUSTED", note);
                }
            } catch (MessageCodec.Rejected e) {
                rejected.add(reject(c, batch.accountId(), m.folderId().value(), m.providerMessageId(), e.getMessage(),
                        null));
            }
        }
        List<MessageRow> rows = new ArrayList<>(byId.values());
        rows.sort(Comparator.comparing(MessageRow::providerMessageId)); // one lock order for concurrent batches
        return rows;
    }

    private void upsert(Connection c, ChangeBatch batch, List<MessageRow> rows, Set<String> inserted,
                        Set<String> updated, List<MalformedMessageException> rejected) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (!newRows.usable()) {
            upsertSetBased(c, batch, rows, inserted, updated, rejected);
            return;
        }
        String account = batch.accountId().value();
        Savepoint before = c.setSavepoint();
        try {
            NewRows.Split split = newRows.split(c, account, rows);
            newRows.copy(c, account, split.fresh());
            split.fresh().forEach(r -> inserted.add(r.providerMessageId()));
            if (!split.changed().isEmpty()) {
                upsertRows(c, account, split.changed(), inserted, updated);
            }
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            boolean dataError = isDataError(e);
            if (!dataError && !newRows.isRace(e)) {
                throw e;
            }
            c.rollback(before);
            inserted.clear();
            updated.clear();
            if (dataError) {
                upsertOneByOne(c, batch, rows, inserted, updated, rejected);
            } else {
                upsertSetBased(c, batch, rows, inserted, updated, rejected);
            }
        }
    }

    /** The batch through {@code INSERT ... ON CONFLICT}; on a data error, row by row. */
    private void upsertSetBased(Connection c, ChangeBatch batch, List<MessageRow> rows, Set<String> inserted,
                                Set<String> updated, List<MalformedMessageException> rejected) throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            upsertRows(c, batch.accountId().value(), rows, inserted, updated);
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            c.rollback(before);
            inserted.clear();
            updated.clear();
            upsertOneByOne(c, batch, rows, inserted, updated, rejected);
        }
    }

    /** After the set-based upsert hit a data error: each row alone, rejecting the ones PostgreSQL refuses. */
    private void upsertOneByOne(Connection c, ChangeBatch batch, List<MessageRow> rows, Set<String> inserted,
                                Set<String> updated, List<MalformedMessageException> rejected) throws SQLException {
        for (MessageRow row : rows) {
            Savepoint one = c.setSavepoint();
            try {
                upsertRows(c, batch.accountId().value(), List.of(row), inserted, updated);
                c.releaseSavepoint(one);
            } catch (SQLException e) {
                if (!isDataError(e)) {
                    throw e;
                }
                c.rollback(one);
                rejected.add(reject(c, batch.accountId(), row.folderId(), row.providerMessageId(),
                        "PostgreSQL refused the message: " + e.getMessage(), e));
            }
        }
    }

    /** SQLSTATE class 22 (data exception) or 54 (program limit exceeded): the row, not the connection, is at fault. */
    private static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("54"));
    }

    private void upsertRows(Connection c, String account, List<MessageRow> rows, Set<String> inserted,
                            Set<String> updated) throws SQLException {
        int n = rows.size();
        String[][] text = new String[19][n];
        String[][] numbers = new String[4][n];
        for (int i = 0; i < n; i++) {
            MessageRow r = rows.get(i);
            String[] v = {r.providerMessageId(), r.folderId(), r.messageId(), r.threadId(), r.inReplyTo(),
                r.referencesJson(), r.fromJson(), r.toJson(), r.ccJson(), r.bccJson(), r.replyToJson(), r.subject(),
                r.snippet(), r.flagsLiteral(), r.attachmentsJson(), r.textBody(), r.htmlBody(), r.headersJson(),
                r.contentHashHex()};
            for (int k = 0; k < v.length; k++) {
                text[k][i] = v[k];
            }
            numbers[0][i] = r.sentAtMicros() == null ? null : Long.toString(r.sentAtMicros());
            numbers[1][i] = Long.toString(r.receivedAtMicros());
            numbers[2][i] = Long.toString(r.size());
            numbers[3][i] = r.hasAttachments() ? "t" : "f";
        }
        try (PreparedStatement ps = c.prepareStatement(upsertSql)) {
            int p = 1;
            ps.setString(p++, account);
            for (int k = 0; k < 13; k++) {
                ps.setString(p++, PgArray.of(text[k]));
            }
            ps.setString(p++, PgArray.of(numbers[0]));
            ps.setString(p++, PgArray.of(numbers[1]));
            ps.setString(p++, PgArray.of(text[13]));
            ps.setString(p++, PgArray.of(numbers[2]));
            ps.setString(p++, PgArray.of(text[14]));
            ps.setString(p++, PgArray.of(numbers[3]));
            for (int k = 15; k < 19; k++) {
                ps.setString(p++, PgArray.of(text[k]));
            }
            ps.setString(p, account);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    (rs.getBoolean(2) ? inserted : updated).add(rs.getString(1));
                }
            }
        }
    }

    private List<String> updateFlags(Connection c, String account, List<FlagUpdate> updates) throws SQLException {
        if (updates.isEmpty()) {
            return List.of();
        }
        Map<String, String> last = new LinkedHashMap<>();
        updates.forEach(u -> last.put(Text.clean(u.providerMessageId()), MessageCodec.flagsJson(u.flags())));
        try (PreparedStatement ps = c.prepareStatement(flagsSql)) {
            ps.setArray(1, c.createArrayOf("text", last.keySet().toArray(String[]::new)));
            ps.setArray(2, c.createArrayOf("text", last.values().toArray(String[]::new)));
            ps.setString(3, account);
            return strings(ps);
        }
    }

    private List<String> delete(Connection c, String account, ChangeBatch batch) throws SQLException {
        if (batch.deletions().isEmpty()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        batch.deletions().forEach(id -> ids.add(Text.clean(id)));
        try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
            ps.setString(1, account);
            ps.setString(2, Text.clean(batch.folderId().value()));
            ps.setArray(3, c.createArrayOf("text", ids.toArray(String[]::new)));
            return strings(ps);
        }
    }

    private MalformedMessageException reject(Connection c, AccountId account, String folder, String providerId,
                                             String reason, Throwable cause) throws SQLException {
        String id = Text.clean(providerId);
        log(c, account, Text.clean(folder), id.length() > 512 ? id.substring(0, 512) : id, "MESSAGE_REJECTED", reason);
        return new MalformedMessageException(account, providerId, "message not stored: " + reason, cause);
    }

    private void log(Connection c, AccountId account, String folder, String providerId, String type, String detail)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(logSql)) {
            ps.setString(1, account.value());
            ps.setString(2, folder);
            ps.setString(3, providerId);
            ps.setString(4, type);
            ps.setString(5, Text.clean(detail));
            ps.executeUpdate();
        }
    }

    /** The stored message, if any. */
    public Optional<EmailMessage> find(Connection c, AccountId account, String providerMessageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(findSql)) {
            ps.setString(1, account.value());
            ps.setString(2, Text.clean(providerMessageId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(MessageCodec.decode(account, rs)) : Optional.empty();
            }
        }
    }

    /** The provider ids of one folder ({@link FolderId#ALL}: of every folder). */
    public Set<String> providerMessageIds(Connection c, AccountId account, FolderId folder) throws SQLException {
        boolean all = folder.equals(FolderId.ALL);
        try (PreparedStatement ps = c.prepareStatement(all ? allIdsSql : idsSql)) {
            ps.setString(1, account.value());
            if (!all) {
                ps.setString(2, Text.clean(folder.value()));
            }
            return new HashSet<>(strings(ps));
        }
    }

    /** The number of stored messages of the account. */
    public long count(Connection c, AccountId account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(countSql)) {
            ps.setString(1, account.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> strings(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
