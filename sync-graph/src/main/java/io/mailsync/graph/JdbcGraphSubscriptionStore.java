package io.mailsync.graph;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.StoreException;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A {@link GraphSubscriptionStore} in PostgreSQL, for hosts running several instances behind one webhook URL or
 * restarting without recreating every subscription. One table, {@code <schema>.graph_subscriptions}, created when
 * absent. The {@code clientState} is encrypted at rest with AES-GCM under a key the host supplies (a random 12-byte
 * nonce per row, the subscription id as associated data, so a value copied to another row does not decrypt).
 *
 * <p>{@link #find} runs on every notification, so it reads through a per-instance cache: a subscription is read from
 * the table once per {@link Builder#cacheTtl(Duration) TTL} (default 60 s). Subscriptions change rarely (created,
 * renewed every few days, deleted on stop); a deletion by another instance is seen here after at most the TTL, and a
 * notification of it in that window only triggers a harmless sync. Unknown ids are looked up every time.
 *
 * <pre>{@code
 * SecretKey key = new SecretKeySpec(Base64.getDecoder().decode(System.getenv("GRAPH_STATE_KEY")), "AES");
 * GraphSubscriptionStore subscriptions = JdbcGraphSubscriptionStore.builder(dataSource)
 *         .schema("mailsync").encryptionKey(key).build();
 * GraphMailProvider graph = GraphMailProvider.builder().subscriptionStore(subscriptions)...build();
 * }</pre>
 *
 * <p>Failures are {@link StoreException}s; a row that does not decrypt (wrong key) is one too, naming the row, never
 * the secret. Thread-safe.
 */
public final class JdbcGraphSubscriptionStore implements GraphSubscriptionStore {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private record Cached(GraphSubscription subscription, long loadedAtNanos) {
    }

    private final DataSource dataSource;
    private final String table;
    private final SecretKey key;
    private final long ttlNanos;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private JdbcGraphSubscriptionStore(Builder b) {
        this.dataSource = b.dataSource;
        this.table = b.schema + ".graph_subscriptions";
        this.key = b.key;
        this.ttlNanos = b.cacheTtl.toNanos();
        if (b.createTable) {
            createTable(b.schema);
        }
    }

    /** A builder over the host's {@link DataSource} (a pool: every call borrows a connection briefly). */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    private void createTable(String schema) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id text PRIMARY KEY, account_id text NOT NULL, "
                    + "folder_id text NOT NULL, client_state bytea NOT NULL, expires_at timestamptz NOT NULL, "
                    + "updated_at timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE INDEX IF NOT EXISTS graph_subscriptions_account ON " + table + " (account_id)");
        } catch (SQLException e) {
            throw new StoreException("could not create " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(GraphSubscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        String sql = "INSERT INTO " + table + " (id, account_id, folder_id, client_state, expires_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, "
                + "folder_id = EXCLUDED.folder_id, client_state = EXCLUDED.client_state, "
                + "expires_at = EXCLUDED.expires_at, updated_at = now()";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, subscription.id());
            ps.setString(2, subscription.accountId().value());
            ps.setString(3, subscription.folderId().value());
            ps.setBytes(4, encrypt(subscription.id(), subscription.clientState()));
            ps.setTimestamp(5, Timestamp.from(subscription.expiresAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(subscription.accountId(), "could not save Graph subscription "
                    + subscription.id() + ": " + e.getMessage(), e);
        }
        cache.put(subscription.id(), new Cached(subscription, System.nanoTime()));
    }

    @Override
    public Optional<GraphSubscription> find(String subscriptionId) {
        Cached cached = cache.get(subscriptionId);
        if (cached != null && System.nanoTime() - cached.loadedAtNanos() < ttlNanos) {
            return Optional.of(cached.subscription());
        }
        List<GraphSubscription> found = query("WHERE id = ?", subscriptionId);
        if (found.isEmpty()) {
            cache.remove(subscriptionId);
            return Optional.empty();
        }
        cache.put(subscriptionId, new Cached(found.get(0), System.nanoTime()));
        return Optional.of(found.get(0));
    }

    @Override
    public void delete(String subscriptionId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            ps.setString(1, subscriptionId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not delete Graph subscription " + subscriptionId + ": "
                    + e.getMessage(), e);
        } finally {
            cache.remove(subscriptionId);
        }
    }

    @Override
    public List<GraphSubscription> forAccount(AccountId accountId) {
        return query("WHERE account_id = ? ORDER BY id", accountId.value());
    }

    private List<GraphSubscription> query(String where, String value) {
        String sql = "SELECT id, account_id, folder_id, client_state, expires_at FROM " + table + " " + where;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            List<GraphSubscription> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    out.add(new GraphSubscription(id, AccountId.of(rs.getString(2)), FolderId.of(rs.getString(3)),
                            decrypt(id, rs.getBytes(4)), rs.getTimestamp(5).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not read Graph subscriptions: " + e.getMessage(), e);
        }
    }

    private byte[] encrypt(String subscriptionId, String clientState) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(clientState.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new StoreException("could not encrypt the clientState of subscription " + subscriptionId, e);
        }
    }

    private String decrypt(String subscriptionId, byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new StoreException("the clientState of Graph subscription " + subscriptionId + " does not decrypt "
                    + "with the configured key (another key, or a damaged row)", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcGraphSubscriptionStore[" + table + ", cacheTtl=" + Duration.ofNanos(ttlNanos) + "]";
    }

    /** Configuration of a {@link JdbcGraphSubscriptionStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String schema = "mailsync";
        private SecretKey key;
        private Duration cacheTtl = Duration.ofSeconds(60);
        private boolean createTable = true;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The schema holding the table (lower-case SQL identifier); default {@code mailsync}. */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /** The AES key (128 or 256 bits) encrypting each {@code clientState}; required. */
        public Builder encryptionKey(SecretKey key) {
            this.key = key;
            return this;
        }

        /** How long {@link #find} trusts a row it read; default 60 s; zero reads the table every time. */
        public Builder cacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
            return this;
        }

        /** Whether to create the schema and table when absent (default); off when the host migrates them. */
        public Builder createTable(boolean createTable) {
            this.createTable = createTable;
            return this;
        }

        /**
         * The store; creates its table unless told not to.
         *
         * @throws IllegalArgumentException naming the field that is missing or wrong
         */
        public JdbcGraphSubscriptionStore build() {
            if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
                throw new IllegalArgumentException("schema must be a lower-case SQL identifier, was " + schema);
            }
            if (key == null || !"AES".equalsIgnoreCase(key.getAlgorithm()) || key.getEncoded() == null
                    || (key.getEncoded().length != 16 && key.getEncoded().length != 32)) {
                throw new IllegalArgumentException("encryptionKey must be an AES key of 128 or 256 bits");
            }
            if (cacheTtl == null || cacheTtl.isNegative()) {
                throw new IllegalArgumentException("cacheTtl must be >= 0, was " + cacheTtl);
            }
            return new JdbcGraphSubscriptionStore(this);
        }
    }
}
