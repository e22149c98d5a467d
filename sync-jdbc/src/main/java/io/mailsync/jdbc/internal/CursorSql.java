package io.mailsync.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncStateConflictException;
import io.mailsync.core.spi.StoredCursor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of {@code email_sync_state}: one JSONB cursor per account and folder, saved with compare-and-set on its
 * version. The first save inserts with {@code ON CONFLICT DO NOTHING}; later ones update {@code WHERE version = ?}.
 * Under READ COMMITTED both wait for a concurrent writer of the same row and then see its commit, so exactly one
 * racer wins. Runs on the caller's connection and transaction. Thread-safe.
 */
public final class CursorSql {

    private static final TypeReference<Map<String, String>> STATE = new TypeReference<>() { };

    private final String insertSql;
    private final String updateSql;
    private final String versionSql;
    private final String loadSql;
    private final String loadAllSql;
    private final String deleteSql;
    private final String deleteAllSql;

    /** The SQL for the tables of {@code quotedSchema}. */
    public CursorSql(String quotedSchema) {
        String t = quotedSchema + ".email_sync_state";
        insertSql = "INSERT INTO " + t + " (email_account_id, folder_id, phase, state, version, last_updated) "
                + "VALUES (?, ?, ?, ?::jsonb, 1, now()) ON CONFLICT DO NOTHING";
        updateSql = "UPDATE " + t + " SET phase = ?, state = ?::jsonb, version = version + 1, last_updated = now() "
                + "WHERE email_account_id = ? AND folder_id = ? AND version = ?";
        versionSql = "SELECT version FROM " + t + " WHERE email_account_id = ? AND folder_id = ?";
        String columns = "SELECT folder_id, phase, state, version, last_updated FROM " + t;
        loadSql = columns + " WHERE email_account_id = ? AND folder_id = ?";
        loadAllSql = columns + " WHERE email_account_id = ?";
        deleteSql = "DELETE FROM " + t + " WHERE email_account_id = ? AND folder_id = ?";
        deleteAllSql = "DELETE FROM " + t + " WHERE email_account_id = ?";
    }

    /**
     * Saves {@code cursor} at {@code expectedVersion + 1}.
     *
     * @throws SyncStateConflictException when the stored version is not {@code expectedVersion}; the caller's
     *                                    transaction is still usable (nothing failed in SQL) and should be rolled back
     */
    public long save(Connection c, AccountId account, SyncCursor cursor, long expectedVersion) throws SQLException {
        String state = MessageCodec.json(cursor.state());
        int rows;
        if (expectedVersion == 0) {
            try (PreparedStatement ps = c.prepareStatement(insertSql)) {
                ps.setString(1, account.value());
                ps.setString(2, cursor.folderId().value());
                ps.setString(3, cursor.phase().name());
                ps.setString(4, state);
                rows = ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement(updateSql)) {
                ps.setString(1, cursor.phase().name());
                ps.setString(2, state);
                ps.setString(3, account.value());
                ps.setString(4, cursor.folderId().value());
                ps.setLong(5, expectedVersion);
                rows = ps.executeUpdate();
            }
        }
        if (rows != 1) {
            throw new SyncStateConflictException(account, cursor.folderId(), expectedVersion,
                    version(c, account, cursor.folderId()));
        }
        return expectedVersion + 1;
    }

    private long version(Connection c, AccountId account, FolderId folder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(versionSql)) {
            ps.setString(1, account.value());
            ps.setString(2, folder.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The folder's cursor. */
    public Optional<StoredCursor> load(Connection c, AccountId account, FolderId folder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(loadSql)) {
            ps.setString(1, account.value());
            ps.setString(2, folder.value());
            List<StoredCursor> found = read(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** Every cursor of the account. */
    public List<StoredCursor> loadAll(Connection c, AccountId account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(loadAllSql)) {
            ps.setString(1, account.value());
            return read(ps);
        }
    }

    /** Deletes one folder's cursor. */
    public void delete(Connection c, AccountId account, FolderId folder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
            ps.setString(1, account.value());
            ps.setString(2, folder.value());
            ps.executeUpdate();
        }
    }

    /** Deletes every cursor of the account. */
    public void deleteAll(Connection c, AccountId account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteAllSql)) {
            ps.setString(1, account.value());
            ps.executeUpdate();
        }
    }

    private static List<StoredCursor> read(PreparedStatement ps) throws SQLException {
        List<StoredCursor> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, String> state;
                try {
                    state = MessageCodec.JSON.readValue(rs.getString("state"), STATE);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("stored cursor state is not a JSON object of strings", e);
                }
                SyncCursor cursor = SyncCursor.of(FolderId.of(rs.getString("folder_id")),
                        SyncCursor.Phase.valueOf(rs.getString("phase")), state);
                out.add(new StoredCursor(cursor, rs.getLong("version"), MessageCodec.instant(rs, "last_updated")));
            }
        }
        return out;
    }
}
