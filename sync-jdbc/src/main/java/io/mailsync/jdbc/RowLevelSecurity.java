package io.mailsync.jdbc;

import io.mailsync.core.StoreException;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * Optional PostgreSQL row-level security per host user, for hosts whose user-facing code queries mailsync's tables
 * directly. {@link #enable} installs one policy per table (the SQL is {@code io/mailsync/jdbc/rls/enable_rls.sql} in
 * the jar, with {@code ${schema}} to replace): a row is visible only when its account's {@code user_id} equals the
 * session setting {@code mailsync.user_id}. Policies bind every role except the tables' owner (and superusers), so
 * the sync engine, connected as the owner, is unaffected; the host grants its user-facing role {@code SELECT} and
 * calls {@link #setUser} at the start of each transaction. A session that never sets the user sees nothing.
 *
 * <p>Stateless; thread-safe.
 */
public final class RowLevelSecurity {

    private static final String RESOURCE = "/io/mailsync/jdbc/rls/enable_rls.sql";

    private RowLevelSecurity() {
    }

    /**
     * Enables the policies on the tables of {@code schema} (idempotent). Run it as the tables' owner.
     *
     * @throws StoreException when the SQL fails
     */
    public static void enable(DataSource dataSource, String schema) {
        Objects.requireNonNull(schema, "schema");
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("schema must be lower-case letters, digits or underscores, was " + schema);
        }
        String sql = script().replace("${schema}", '"' + schema + '"');
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new StoreException("could not enable row-level security on " + schema + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the current transaction of {@code connection} see only {@code userId}'s rows
     * ({@code set_config('mailsync.user_id', userId, true)}: it ends with the transaction, so pooled connections do not
     * leak it). Call it inside a transaction ({@code autoCommit = false}).
     *
     * @throws SQLException when the statement fails
     */
    public static void setUser(Connection connection, String userId) throws SQLException {
        Objects.requireNonNull(userId, "userId");
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('mailsync.user_id', ?, true)")) {
            ps.setString(1, userId);
            ps.execute();
        }
    }

    /** The policy SQL, with {@code ${schema}} not yet replaced. */
    public static String script() {
        try (InputStream in = RowLevelSecurity.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
