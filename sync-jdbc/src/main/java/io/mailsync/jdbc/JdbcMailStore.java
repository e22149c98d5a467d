package io.mailsync.jdbc;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.MalformedMessageException;
import io.mailsync.core.ProcessingResult;
import io.mailsync.core.StoreException;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.spi.AccountRecord;
import io.mailsync.core.spi.AccountStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.CredentialStore;
import io.mailsync.core.spi.ForwardingProcessingQueue;
import io.mailsync.core.spi.ProcessingJob;
import io.mailsync.core.spi.ProcessingQueue;
import io.mailsync.core.spi.ProcessingResultStore;
import io.mailsync.core.spi.QueueingSyncStore;
import io.mailsync.core.spi.StoredCursor;
import io.mailsync.jdbc.internal.AccountSql;
import io.mailsync.jdbc.internal.CredentialSql;
import io.mailsync.jdbc.internal.CursorSql;
import io.mailsync.jdbc.internal.EmailIndexSql;
import io.mailsync.jdbc.internal.ResultSql;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * mailsync's PostgreSQL store: messages ({@code email_index}), cursors ({@code email_sync_state}), accounts
 * ({@code email_accounts}), Tink-encrypted credentials, the durable processing queue ({@code processing_jobs}, see
 * {@link JdbcProcessingQueue}), the processors' results ({@code processing_results}), and the contacts and reply drafts
 * of the built-in processors ({@link #contacts()}, {@link #drafts()}), in one schema of the host's database. Give it to {@code MailSync.builder().store(...)}: being a {@link QueueingSyncStore} and a
 * {@link ProcessingResultStore}, it is also the pipeline's queue and result store, with nothing else to configure.
 *
 * <pre>{@code
 * try (JdbcMailStore store = JdbcMailStore.builder()
 *         .dataSource(hostDataSource)          // or .jdbcUrl(url).username(u).password(p): the store owns a pool
 *         .schema("mailsync")                  // our tables live here; created by the migrations
 *         .credentialKeyset(keysetHandle)      // Tink AEAD keyset for tokens and passwords
 *         .build()) {
 *     MailSync mailSync = MailSync.builder().store(store).provider(provider).build();
 * }
 * }</pre>
 *
 * <p>{@link #apply} is set-based: one probe of the batch's ids, the rows not stored yet written with {@code COPY}, the
 * changed ones with one {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE ... WHERE changed}, unchanged
 * ones not at all (a concurrent insert sends the batch through that upsert). It reports as inserted only rows that
 * were really inserted (written by the COPY, or {@code xmax = 0}), and is idempotent.
 * {@link #applyAndSave} writes the batch and its cursor (compare-and-set) in one transaction, and
 * {@link #applyAndSaveAndEnqueue} adds one processing job per really inserted message to that transaction: a lost
 * connection leaves none of them, and a replayed batch (whose rows are not new) queues nothing.
 *
 * <p>Bad input: NUL characters and lone UTF-16 surrogates become U+FFFD; instants are kept to the microsecond; a
 * {@code sentAt} outside years 1-9999 is stored as absent (noted in {@code sync_event_log}); a message whose
 * {@code receivedAt} is outside years 1-9999, whose provider id exceeds 2,000 UTF-8 bytes, or that PostgreSQL refuses
 * with a data error is rejected alone with a {@link MalformedMessageException} (given to the
 * {@linkplain Builder#rejectionListener rejection listener} and logged in {@code sync_event_log}) while the rest of
 * its batch is stored.
 *
 * <p>For several instances on one schema: {@link #leases()} (account leases) and {@link #openNotifier()}
 * ({@code LISTEN/NOTIFY}: queued jobs wake workers, sync triggers reach an account's owner); {@link #folders()} keeps
 * the accounts' folder lists.
 *
 * <p>Thread-safe. {@link #close()} closes the pool only when the store created it.
 */
public final class JdbcMailStore implements QueueingSyncStore, ForwardingProcessingQueue, ProcessingResultStore, AccountStore, CredentialStore,
        AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMailStore.class);

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final String schema;
    private final Jdbi jdbi;
    private final EmailIndexSql index;
    private final CursorSql cursors;
    private final AccountSql accounts;
    private final CredentialSql credentials;
    private final ResultSql results;
    private final JdbcProcessingQueue queue;
    private final JdbcContactStore contactStore;
    private final JdbcDraftStore draftStore;
    private final AccountLeases leases;
    private final JdbcFolderStore folderStore;
    private final Clock clock;
    private final Consumer<MalformedMessageException> rejectionListener;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcMailStore(Builder b, DataSource dataSource, HikariDataSource ownedPool, Aead aead) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.schema = b.schema;
        String quoted = '"' + b.schema + '"';
        this.jdbi = Jdbi.create(dataSource);
        this.index = new EmailIndexSql(quoted);
        this.cursors = new CursorSql(quoted);
        this.accounts = new AccountSql(quoted);
        this.credentials = aead == null ? null : new CredentialSql(quoted, aead);
        this.results = new ResultSql(quoted);
        this.clock = b.clock;
        this.queue = new JdbcProcessingQueue(jdbi, quoted, b.clock, b.ageingStep);
        this.rejectionListener = b.rejectionListener;
        this.contactStore = new JdbcContactStore(jdbi, quoted);
        this.draftStore = new JdbcDraftStore(jdbi, quoted);
        this.leases = new AccountLeases(jdbi, quoted);
        this.folderStore = new JdbcFolderStore(jdbi, quoted);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The schema holding the tables. */
    public String schema() {
        return schema;
    }

    /** The data source the store uses (the host's, or the pool it owns). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The durable processing queue in this store's schema, to which the store's queue methods delegate. */
    public JdbcProcessingQueue processingQueue() {
        return queue;
    }

    /**
     * The contacts in this store's schema, for {@code new ContactsProcessor(store.contacts())}. A view, not a
     * super-interface: {@code ContactStore.find(account, address)} would clash with {@link #find(AccountId, String)}.
     */
    public JdbcContactStore contacts() {
        return contactStore;
    }

    /** The reply drafts in this store's schema, for {@code DraftReplyProcessor.builder(ai, store.drafts())}. */
    public JdbcDraftStore drafts() {
        return draftStore;
    }

    /** The account leases of this schema, for several instances sharing its accounts (DESIGN.md "Scale"). */
    public AccountLeases leases() {
        return leases;
    }

    /** The folders of each account; record them with {@code provider(store.folders().recording(provider))}. */
    public JdbcFolderStore folders() {
        return folderStore;
    }

    /**
     * A new {@code LISTEN/NOTIFY} notifier for this schema (queued jobs wake workers, sync triggers reach the account's
     * owner). It holds one connection of the data source until the caller closes it.
     *
     * @throws StoreException when the connection or {@code LISTEN} fails
     */
    public JdbcNotifier openNotifier() {
        return Calls.call(null, "listen for notifications", () -> new JdbcNotifier(dataSource, schema));
    }

    // ---------------------------------------------------------------- EmailStore / AtomicSyncStore

    @Override
    public ApplyResult apply(ChangeBatch batch) {
        return report(Calls.call(batch.accountId(), "apply a batch",
                () -> jdbi.inTransaction(h -> index.apply(h.getConnection(), batch))));
    }

    @Override
    public ApplyResult applyAndSave(ChangeBatch batch, long expectedCursorVersion) {
        return applyAndSaveAndEnqueue(batch, expectedCursorVersion, null);
    }

    /**
     * {@inheritDoc} One transaction: the cursor (compare-and-set), the batch, and a job per really inserted message at
     * the priority {@code priority} gives it ({@code null}: no jobs).
     */
    @Override
    public ApplyResult applyAndSaveAndEnqueue(ChangeBatch batch, long expectedCursorVersion,
                                              ToIntFunction<EmailMessage> priority) {
        EmailIndexSql.Outcome outcome = Calls.call(batch.accountId(), "apply a batch and save its cursor",
                () -> jdbi.inTransaction(h -> {
                    Connection c = h.getConnection();
                    cursors.save(c, batch.accountId(), batch.nextCursor(), expectedCursorVersion);
                    EmailIndexSql.Outcome o = index.apply(c, batch);
                    if (priority != null) {
                        queue.enqueue(c, jobs(batch, o, priority));
                    }
                    return o;
                }));
        return report(outcome);
    }

    private List<ProcessingJob> jobs(ChangeBatch batch, EmailIndexSql.Outcome o, ToIntFunction<EmailMessage> priority) {
        if (o.insertedInOrder().isEmpty()) {
            return List.of();
        }
        Set<String> inserted = o.result().inserted();
        Instant now = clock.instant();
        List<ProcessingJob> jobs = new ArrayList<>(inserted.size());
        for (EmailMessage m : batch.upserts()) {
            if (inserted.contains(m.providerMessageId())) {
                int p = Math.clamp(priority.applyAsInt(m), ProcessingJob.MIN_PRIORITY, ProcessingJob.MAX_PRIORITY);
                jobs.add(ProcessingJob.of(m.accountId(), m.providerMessageId(), p, now));
            }
        }
        return jobs;
    }

    private ApplyResult report(EmailIndexSql.Outcome outcome) {
        for (MalformedMessageException rejected : outcome.rejected()) {
            LOG.warn("Message {} of account {} not stored: {}", rejected.providerMessageId(),
                    rejected.accountId().map(AccountId::value).orElse("?"), rejected.getMessage());
            rejectionListener.accept(rejected);
        }
        return outcome.result();
    }

    @Override
    public Optional<EmailMessage> find(AccountId accountId, String providerMessageId) {
        return read(accountId, c -> index.find(c, accountId, providerMessageId));
    }

    @Override
    public Set<String> providerMessageIds(AccountId accountId, FolderId folderId) {
        return read(accountId, c -> index.providerMessageIds(c, accountId, folderId));
    }

    @Override
    public long count(AccountId accountId) {
        return read(accountId, c -> index.count(c, accountId));
    }

    // ---------------------------------------------------------------- SyncStateStore

    @Override
    public Optional<StoredCursor> load(AccountId accountId, FolderId folderId) {
        return read(accountId, c -> cursors.load(c, accountId, folderId));
    }

    @Override
    public List<StoredCursor> loadAll(AccountId accountId) {
        return read(accountId, c -> cursors.loadAll(c, accountId));
    }

    @Override
    public long save(AccountId accountId, SyncCursor cursor, long expectedVersion) {
        return Calls.call(accountId, "save a cursor",
                () -> jdbi.inTransaction(h -> cursors.save(h.getConnection(), accountId, cursor, expectedVersion)));
    }

    @Override
    public void delete(AccountId accountId, FolderId folderId) {
        read(accountId, c -> {
            cursors.delete(c, accountId, folderId);
            return null;
        });
    }

    @Override
    public void deleteAll(AccountId accountId) {
        read(accountId, c -> {
            cursors.deleteAll(c, accountId);
            return null;
        });
    }

    // ---------------------------------------------------------------- ProcessingQueue

    /** Every {@link io.mailsync.core.spi.ProcessingQueue} call of this store goes to {@link #processingQueue()}. */
    @Override
    public ProcessingQueue processingQueueDelegate() {
        return queue;
    }

    // ---------------------------------------------------------------- ProcessingResultStore

    @Override
    public void saveResults(List<ProcessingResult> list) {
        if (!list.isEmpty()) {
            read(list.get(0).accountId(), c -> results.save(c, list));
        }
    }

    @Override
    public List<ProcessingResult> results(AccountId accountId, String providerMessageId) {
        return read(accountId, c -> results.find(c, accountId, providerMessageId));
    }

    @Override
    public boolean hasResult(AccountId accountId, String providerMessageId, String processor, int processorVersion) {
        return read(accountId, c -> results.exists(c, accountId, providerMessageId, processor, processorVersion));
    }

    // ---------------------------------------------------------------- AccountStore

    @Override
    public void save(AccountRecord account) {
        Calls.call(account.accountId(), "save the account", () -> jdbi.useHandle(h -> accounts.save(h, account)));
    }

    @Override
    public Optional<AccountRecord> find(AccountId accountId) {
        return Calls.call(accountId, "read the account", () -> jdbi.withHandle(h -> accounts.find(h, accountId)));
    }

    @Override
    public List<AccountRecord> findAll() {
        return Calls.call(null, "read the accounts", () -> jdbi.withHandle(accounts::findAll));
    }

    /** Deletes the account's row and its credential (messages and cursors stay), in one transaction. */
    @Override
    public void delete(AccountId accountId) {
        Calls.call(accountId, "delete the account", () -> jdbi.useTransaction(h -> {
            accounts.delete(h, accountId);
            h.createUpdate("DELETE FROM \"" + schema + "\".account_credentials WHERE email_account_id = :id")
                    .bind("id", accountId.value()).execute();
        }));
    }

    // ---------------------------------------------------------------- CredentialStore

    /** {@inheritDoc} Decrypts with the configured keyset (any of its keys, so rotated rows still open). */
    @Override
    public Optional<Credential> load(AccountId accountId) {
        CredentialSql sql = credentialSql();
        return Calls.call(accountId, "load the credential", () -> jdbi.withHandle(h -> sql.load(h, accountId)));
    }

    /** {@inheritDoc} Encrypts under the keyset's primary key. */
    @Override
    public void save(AccountId accountId, Credential credential) {
        CredentialSql sql = credentialSql();
        Calls.call(accountId, "save the credential", () -> jdbi.useHandle(h -> sql.save(h, accountId, credential)));
    }

    private CredentialSql credentialSql() {
        if (credentials == null) {
            throw new IllegalStateException("no credential keyset: build the store with credentialKeyset(...)");
        }
        return credentials;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Closes the connection pool if the store created it (never the host's data source). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcMailStore[schema=" + schema + ", ownsPool=" + (ownedPool != null) + "]";
    }

    /** Work on one connection, in autocommit. */
    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(AccountId accountId, ConnectionWork<T> work) {
        return Calls.call(accountId, "read", () -> jdbi.withHandle(h -> work.run(h.getConnection())));
    }

    /**
     * Builds a {@link JdbcMailStore}. Not thread-safe. {@link #build()} validates and names the bad field.
     */
    public static final class Builder {
        private DataSource dataSource;
        private String jdbcUrl;
        private String username;
        private String password;
        private int maximumPoolSize = 10;
        private String schema = "mailsync";
        private boolean runMigrations = true;
        private KeysetHandle keyset;
        private Clock clock = Clock.systemUTC();
        private Duration ageingStep = Duration.ofSeconds(10);
        private Consumer<MalformedMessageException> rejectionListener = e -> { };

        private Builder() {
        }

        /** The host's data source; the store never closes it. Excludes {@link #jdbcUrl}. */
        public Builder dataSource(DataSource dataSource) { this.dataSource = dataSource; return this; }

        /** A JDBC URL: the store creates (and closes) its own HikariCP pool. Excludes {@link #dataSource}. */
        public Builder jdbcUrl(String jdbcUrl) { this.jdbcUrl = jdbcUrl; return this; }

        /** The user for {@link #jdbcUrl}. */
        public Builder username(String username) { this.username = username; return this; }

        /** The password for {@link #jdbcUrl}; never logged. */
        public Builder password(String password) { this.password = password; return this; }

        /** The size of the pool created for {@link #jdbcUrl}; default 10. */
        public Builder maximumPoolSize(int size) { this.maximumPoolSize = size; return this; }

        /** The schema holding mailsync's tables: lower-case letters, digits, underscores; default {@code mailsync}. */
        public Builder schema(String schema) { this.schema = schema; return this; }

        /** Whether {@link #build()} runs the Flyway migrations (creating the schema); default true. */
        public Builder runMigrations(boolean run) { this.runMigrations = run; return this; }

        /** The Tink AEAD keyset that encrypts credentials; without it the credential methods throw. */
        public Builder credentialKeyset(KeysetHandle keyset) { this.keyset = keyset; return this; }

        /** The processing queue's clock (ageing, leases, dead-letter times); default the system clock, UTC. */
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /** A queued job's effective priority rises by one per {@code step} it waits; default 10 s (as in memory). */
        public Builder ageingStep(Duration step) { this.ageingStep = step; return this; }

        /** Told of each message rejected by the bad-input policy (after the batch committed); default: none. */
        public Builder rejectionListener(Consumer<MalformedMessageException> listener) {
            this.rejectionListener = listener;
            return this;
        }

        /**
         * The store: validates the configuration, creates the pool if asked, runs the migrations if asked.
         *
         * @throws IllegalArgumentException naming the first invalid field
         * @throws StoreException           when the migrations fail
         */
        public JdbcMailStore build() {
            validate();
            Aead aead = keyset == null ? null : aead(keyset);
            HikariDataSource pool = null;
            DataSource ds = dataSource;
            if (ds == null) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(jdbcUrl);
                config.setUsername(username);
                config.setPassword(password);
                config.setMaximumPoolSize(maximumPoolSize);
                config.setPoolName("mailsync-" + schema);
                pool = new HikariDataSource(config);
                ds = pool;
            }
            try {
                if (runMigrations) {
                    migrate(ds, schema);
                }
                return new JdbcMailStore(this, ds, pool, aead);
            } catch (RuntimeException e) {
                if (pool != null) {
                    pool.close();
                }
                throw e;
            }
        }

        private void validate() {
            require((dataSource == null) != (jdbcUrl == null), "exactly one of dataSource and jdbcUrl must be set");
            require(jdbcUrl == null || jdbcUrl.startsWith("jdbc:postgresql:"),
                    "jdbcUrl must start with jdbc:postgresql:, was " + jdbcUrl);
            require(schema != null && schema.matches("[a-z_][a-z0-9_]{0,62}"),
                    "schema must be 1-63 lower-case letters, digits or underscores, not starting with a digit, was "
                            + schema);
            require(maximumPoolSize >= 1, "maximumPoolSize must be >= 1, was " + maximumPoolSize);
            require(clock != null, "clock must not be null");
            require(ageingStep != null && ageingStep.toNanos() >= 1_000,
                    "ageingStep must be >= 1 microsecond, was " + ageingStep);
            require(rejectionListener != null, "rejectionListener must not be null");
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        private static Aead aead(KeysetHandle keyset) {
            try {
                AeadConfig.register();
                return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("credentialKeyset must be a Tink AEAD keyset: " + e.getMessage(), e);
            }
        }
    }

    /** Runs the migrations of {@code schema} (creating it if needed). Safe to call concurrently: Flyway locks. */
    static void migrate(DataSource ds, String schema) {
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .locations("classpath:io/mailsync/jdbc/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StoreException("could not migrate schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
