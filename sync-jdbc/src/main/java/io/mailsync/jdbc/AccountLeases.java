package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Account leases in the {@code account_leases} table of a {@link JdbcMailStore} ({@link JdbcMailStore#leases()}):
 * how several instances sharing one schema split the accounts so that each is synced by one instance at a time.
 * An owner (an instance id of the host's choosing, e.g. host name + pid) holds an account until its lease expires;
 * it renews well before that (e.g. every ttl / 3) and releases on shutdown. A lease that ran out (its owner died or
 * stalled) is taken over by the next {@link #tryAcquire} or {@link #acquireAvailable} of any instance.
 *
 * <p>Guarantees: at any database instant at most one owner holds a live lease on an account (each change is one
 * atomic statement on the lease row, whose expiry is compared with the database's {@code clock_timestamp()}, so the
 * instances' clocks do not matter). An owner must stop syncing an account when {@link #renew} returns false, and should
 * treat its lease as lost a little before {@link Lease#expiresAt()} when renewals fail (network), since another
 * instance may take it over from then on. {@link #acquireAvailable} claims unowned accounts with
 * {@code FOR NO KEY UPDATE SKIP LOCKED}, so concurrent instances never wait for each other.
 *
 * <p>Thread-safe; every method is one short transaction.
 */
public final class AccountLeases {

    /**
     * A live lease.
     *
     * @param accountId  the account
     * @param owner      who holds it
     * @param acquiredAt when this owner took it (unchanged by renewals)
     * @param expiresAt  when it runs out unless renewed
     */
    public record Lease(AccountId accountId, String owner, Instant acquiredAt, Instant expiresAt) {

        /** Validates the fields. */
        public Lease {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(acquiredAt, "acquiredAt");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    private static final String COLUMNS = "email_account_id, owner, acquired_at, expires_at";

    private final Jdbi jdbi;
    private final String table;
    private final String accounts;

    AccountLeases(Jdbi jdbi, String quotedSchema) {
        this.jdbi = jdbi;
        this.table = quotedSchema + ".account_leases";
        this.accounts = quotedSchema + ".email_accounts";
    }

    /**
     * Takes {@code account} for {@code owner} for {@code ttl} if it is free, expired, or already {@code owner}'s (then
     * it is renewed).
     *
     * @return the lease, or empty when another owner holds a live lease
     * @throws io.mailsync.core.StoreException when the database fails
     */
    public Optional<Lease> tryAcquire(AccountId account, String owner, Duration ttl) {
        check(owner, ttl);
        String sql = "INSERT INTO " + table + " AS l (" + COLUMNS + ") VALUES (:account, :owner, clock_timestamp(), "
                + "clock_timestamp() + :ttl * interval '1 microsecond') ON CONFLICT (email_account_id) DO UPDATE SET "
                + "owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at, acquired_at = CASE WHEN l.owner = "
                + "EXCLUDED.owner THEN l.acquired_at ELSE EXCLUDED.acquired_at END "
                + "WHERE l.owner = EXCLUDED.owner OR l.expires_at <= clock_timestamp() RETURNING " + COLUMNS;
        return Calls.call(account, "acquire the lease", () -> jdbi.withHandle(h -> h.createQuery(sql)
                .bind("account", account.value()).bind("owner", owner).bind("ttl", micros(ttl))
                .map((rs, ctx) -> lease(rs)).findOne()));
    }

    /**
     * Takes up to {@code max} active accounts ({@code email_accounts.is_active}) that no one holds a live lease on,
     * for {@code owner} and {@code ttl}. Accounts other instances are acquiring at the same moment are skipped.
     *
     * @return the leases taken (possibly none)
     */
    public List<Lease> acquireAvailable(String owner, Duration ttl, int max) {
        check(owner, ttl);
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, was " + max);
        }
        String sql = "WITH free AS (SELECT a.id FROM " + accounts + " a LEFT JOIN " + table + " f "
                + "ON f.email_account_id = a.id WHERE a.is_active AND (f.email_account_id IS NULL "
                + "OR f.expires_at <= clock_timestamp()) ORDER BY a.id LIMIT :max FOR NO KEY UPDATE OF a SKIP LOCKED) "
                + "INSERT INTO " + table + " AS l (" + COLUMNS + ") SELECT id, :owner, clock_timestamp(), "
                + "clock_timestamp() + :ttl * interval '1 microsecond' FROM free ON CONFLICT (email_account_id) "
                + "DO UPDATE SET owner = EXCLUDED.owner, acquired_at = EXCLUDED.acquired_at, "
                + "expires_at = EXCLUDED.expires_at WHERE l.expires_at <= clock_timestamp() RETURNING " + COLUMNS;
        return Calls.call(null, "acquire available accounts", () -> jdbi.inTransaction(h -> h.createQuery(sql)
                .bind("owner", owner).bind("ttl", micros(ttl)).bind("max", max)
                .map((rs, ctx) -> lease(rs)).list()));
    }

    /**
     * Extends {@code owner}'s live lease on {@code account} to {@code ttl} from now.
     *
     * @return false when {@code owner} holds no live lease on it any more (expired or taken over): stop syncing it
     */
    public boolean renew(AccountId account, String owner, Duration ttl) {
        check(owner, ttl);
        String sql = "UPDATE " + table + " SET expires_at = clock_timestamp() + :ttl * interval '1 microsecond' "
                + "WHERE email_account_id = :account AND owner = :owner AND expires_at > clock_timestamp()";
        return Calls.call(account, "renew the lease", () -> jdbi.withHandle(h -> h.createUpdate(sql)
                .bind("account", account.value()).bind("owner", owner).bind("ttl", micros(ttl)).execute())) == 1;
    }

    /** Ends {@code owner}'s lease on {@code account} (any instance may take it at once). False when it held none. */
    public boolean release(AccountId account, String owner) {
        Objects.requireNonNull(owner, "owner");
        String sql = "DELETE FROM " + table + " WHERE email_account_id = :account AND owner = :owner";
        return Calls.call(account, "release the lease", () -> jdbi.withHandle(h -> h.createUpdate(sql)
                .bind("account", account.value()).bind("owner", owner).execute())) == 1;
    }

    /** The live leases {@code owner} holds, by account id. */
    public List<Lease> owned(String owner) {
        Objects.requireNonNull(owner, "owner");
        String sql = "SELECT " + COLUMNS + " FROM " + table + " WHERE owner = :owner "
                + "AND expires_at > clock_timestamp() ORDER BY email_account_id";
        return Calls.call(null, "read the leases", () -> jdbi.withHandle(h -> h.createQuery(sql)
                .bind("owner", owner).map((rs, ctx) -> lease(rs)).list()));
    }

    /** The live lease on {@code account}, whoever holds it. */
    public Optional<Lease> find(AccountId account) {
        String sql = "SELECT " + COLUMNS + " FROM " + table + " WHERE email_account_id = :account "
                + "AND expires_at > clock_timestamp()";
        return Calls.call(account, "read the lease", () -> jdbi.withHandle(h -> h.createQuery(sql)
                .bind("account", account.value()).map((rs, ctx) -> lease(rs)).findOne()));
    }

    private static Lease lease(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Lease(AccountId.of(rs.getString(1)), rs.getString(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, OffsetDateTime.class).toInstant());
    }

    private static long micros(Duration ttl) {
        return ttl.toNanos() / 1_000;
    }

    private static void check(String owner, Duration ttl) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner must not be blank, was " + owner);
        }
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl must be >= 1 ms, was " + ttl);
        }
    }

    @Override
    public String toString() {
        return "AccountLeases[" + table + "]";
    }
}
