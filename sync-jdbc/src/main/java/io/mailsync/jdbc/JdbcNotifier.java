package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} for a {@link JdbcMailStore}'s schema ({@link JdbcMailStore#openNotifier()}), so
 * instances sharing the schema wake each other instead of only polling:
 * <ul>
 *   <li><b>jobs</b>: every transaction that queues processing jobs ({@code enqueue}, {@code applyAndSaveAndEnqueue})
 *       notifies channel {@value #JOBS_CHANNEL} when it commits (NOTIFY is transactional: a rolled-back batch wakes
 *       no one). A worker loop reads {@link #jobGeneration()}, claims, and when the queue was empty waits with
 *       {@link #awaitJobs(long, Duration)}, which returns as soon as a job was announced after that read (so nothing
 *       announced between the claim and the wait is missed), or after the timeout, the poll that still covers retries
 *       coming due and expired leases;</li>
 *   <li><b>sync triggers</b>: any instance (the one that received a webhook) calls {@link #publishTrigger(AccountId)};
 *       every listening instance's {@link #onTrigger trigger listeners} get the account, and the one holding its
 *       {@link AccountLeases lease} syncs it (e.g. {@code mailSync.syncNow(account)}).</li>
 * </ul>
 * Payloads carry the schema name, so schemas of one database do not wake each other's workers.
 *
 * <p>The notifier holds one connection of the store's data source for {@code LISTEN} and reads it on one virtual
 * thread; when that connection fails it reconnects (every 1 s) and then bumps the job generation, since notifications
 * may have been lost meanwhile. Thread-safe. {@link #close()} stops the thread and returns the connection.
 */
public final class JdbcNotifier implements AutoCloseable {

    /** The channel announcing queued jobs (payload: the schema). */
    public static final String JOBS_CHANNEL = "mailsync_jobs";
    /** The channel carrying sync triggers (payload: the schema, a newline, the account id). */
    public static final String TRIGGER_CHANNEL = "mailsync_sync";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcNotifier.class);
    private static final int POLL_MILLIS = 250;

    private final DataSource dataSource;
    private final String schema;
    private final List<Consumer<AccountId>> triggerListeners = new CopyOnWriteArrayList<>();
    private final Object jobs = new Object();
    private long generation;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread reader;
    private volatile Connection connection;

    JdbcNotifier(DataSource dataSource, String schema) throws SQLException {
        this.dataSource = dataSource;
        this.schema = schema;
        this.connection = listen();
        this.reader = Thread.ofVirtual().name("mailsync-notifier-" + schema).start(this::read);
    }

    /** The number of job announcements seen so far (plus reconnections); pass it to {@link #awaitJobs}. */
    public long jobGeneration() {
        synchronized (jobs) {
            return generation;
        }
    }

    /**
     * Waits until jobs are announced after {@code seenGeneration} was read, or {@code timeout} passes.
     *
     * @return true when woken by an announcement (or a reconnection), false on timeout
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitJobs(long seenGeneration, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (jobs) {
            while (generation == seenGeneration && !closed.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                jobs.wait(Math.max(1, left / 1_000_000), 0);
            }
            return generation != seenGeneration;
        }
    }

    /** Calls {@code listener} (on the notifier's thread; keep it short) with each account a trigger names. */
    public void onTrigger(Consumer<AccountId> listener) {
        triggerListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Asks the instance that owns {@code account} to sync it (every listening instance of the schema is told). */
    public void publishTrigger(AccountId account) {
        Calls.call(account, "publish a sync trigger", () -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, TRIGGER_CHANNEL);
                ps.setString(2, schema + "\n" + account.value());
                ps.execute();
            }
        });
    }

    private Connection listen() throws SQLException {
        Connection c = dataSource.getConnection();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("LISTEN " + JOBS_CHANNEL);
            s.execute("LISTEN " + TRIGGER_CHANNEL);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private void read() {
        while (!closed.get()) {
            try {
                PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (received != null) {
                    for (PGNotification n : received) {
                        dispatch(n);
                    }
                }
            } catch (SQLException e) {
                if (closed.get()) {
                    return;
                }
                LOG.warn("LISTEN connection of schema {} failed, reconnecting: {}", schema, e.getMessage());
                reconnect();
            }
        }
    }

    private void dispatch(PGNotification n) {
        String payload = n.getParameter();
        if (JOBS_CHANNEL.equals(n.getName()) && schema.equals(payload)) {
            bump();
        } else if (TRIGGER_CHANNEL.equals(n.getName()) && payload.startsWith(schema + "\n")) {
            AccountId account = AccountId.of(payload.substring(schema.length() + 1));
            for (Consumer<AccountId> l : triggerListeners) {
                try {
                    l.accept(account);
                } catch (RuntimeException e) {
                    LOG.warn("sync trigger listener failed for account {}", account.value(), e);
                }
            }
        }
    }

    private void bump() {
        synchronized (jobs) {
            generation++;
            jobs.notifyAll();
        }
    }

    private void reconnect() {
        closeQuietly(connection);
        while (!closed.get()) {
            try {
                Thread.sleep(1_000);
                connection = listen();
                bump(); // announcements may have been lost while disconnected
                return;
            } catch (SQLException e) {
                LOG.warn("LISTEN reconnection of schema {} failed: {}", schema, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing the LISTEN connection failed", e);
        }
    }

    /** Stops listening, wakes every waiter, and returns the connection to the data source. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            reader.interrupt();
            try {
                reader.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(connection);
            synchronized (jobs) {
                jobs.notifyAll();
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcNotifier[schema=" + schema + ", closed=" + closed.get() + "]";
    }
}
