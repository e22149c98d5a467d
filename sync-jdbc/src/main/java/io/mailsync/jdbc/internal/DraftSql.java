package io.mailsync.jdbc.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.Draft;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of {@code drafts_cache}: one row per (account, thread), saved with {@code INSERT ... ON CONFLICT DO UPDATE}
 * (a regenerated draft replaces the thread's previous one), expired rows deleted by one {@code DELETE} served by the
 * {@code expires_at} index. Runs on the caller's connection. Thread-safe.
 */
public final class DraftSql {

    private static final String COLUMNS = "provider_message_id, thread_id, body, created_at, expires_at, "
            + "thread_fingerprint";

    private final String saveSql;
    private final String findSql;
    private final String listSql;
    private final String deleteExpiredSql;

    /** The SQL for the tables of {@code quotedSchema}. */
    public DraftSql(String quotedSchema) {
        String t = quotedSchema + ".drafts_cache";
        saveSql = "INSERT INTO " + t + " (email_account_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (email_account_id, thread_id) DO UPDATE SET "
                + "provider_message_id = EXCLUDED.provider_message_id, body = EXCLUDED.body, "
                + "created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at, "
                + "thread_fingerprint = EXCLUDED.thread_fingerprint";
        findSql = "SELECT " + COLUMNS + " FROM " + t + " WHERE email_account_id = ? AND thread_id = ?";
        listSql = "SELECT " + COLUMNS + " FROM " + t + " WHERE email_account_id = ? AND expires_at > ? "
                + "ORDER BY created_at DESC, thread_id";
        deleteExpiredSql = "DELETE FROM " + t + " WHERE expires_at <= ?";
    }

    /** Stores the draft, replacing its thread's previous one. */
    public void save(Connection c, Draft d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(saveSql)) {
            ps.setString(1, d.accountId().value());
            ps.setString(2, Text.clean(d.providerMessageId()));
            ps.setString(3, Text.clean(d.threadId()));
            ps.setString(4, Text.clean(d.body()));
            ps.setObject(5, at(d.createdAt()));
            ps.setObject(6, at(d.expiresAt()));
            ps.setString(7, Text.clean(d.threadFingerprint()));
            ps.executeUpdate();
        }
    }

    /** The thread's draft, expired or not. */
    public Optional<Draft> find(Connection c, AccountId account, String threadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(findSql)) {
            ps.setString(1, account.value());
            ps.setString(2, Text.clean(threadId));
            return read(ps, account).stream().findFirst();
        }
    }

    /** The account's drafts not expired at {@code now}, newest first. */
    public List<Draft> list(Connection c, AccountId account, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(listSql)) {
            ps.setString(1, account.value());
            ps.setObject(2, at(now));
            return read(ps, account);
        }
    }

    /** Deletes every draft expired at {@code now} (all accounts); returns how many. */
    public int deleteExpired(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteExpiredSql)) {
            ps.setObject(1, at(now));
            return ps.executeUpdate();
        }
    }

    private static List<Draft> read(PreparedStatement ps, AccountId account) throws SQLException {
        List<Draft> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Draft(account, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6)));
            }
        }
        return out;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
