package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.StoreException;
import io.mailsync.jdbc.internal.Text;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable processing queue: a PostgreSQL job table ({@code processing_jobs}) that several workers, threads or
 * JVMs share. Obtain it from {@link JdbcMailStore#processingQueue()}; with
 * {@link JdbcMailStore.Builder#enqueueNewMessages(boolean)} every really inserted message gets a job in the same
 * transaction as the batch and its cursor, so no new message is stored without its job, and a replayed batch (whose
 * rows are not new) enqueues nothing.
 *
 * <p>Life of a job: {@link #enqueue} → PENDING; {@link #claim} takes up to N ready jobs ({@code FOR UPDATE SKIP
 * LOCKED}: concurrent claimers never take the same job and never wait for each other) → RUNNING; {@link #complete}
 * deletes it; {@link #fail} puts it back to PENDING with an exponential backoff on {@code next_run_at}, or to DEAD after
 * {@code maxAttempts}; {@link #requeueDeadLetters} revives dead ones. {@link #releaseStale} returns jobs of crashed
 * workers to PENDING. {@code complete} and {@code fail} are fenced by the attempt number, so a worker whose job was
 * released and claimed again cannot complete the newer attempt.
 *
 * <p>Thread-safe; every method is one short transaction.
 */
public final class JdbcProcessingQueue {

    /** The kind of the jobs enqueued for new messages. */
    public static final String DEFAULT_KIND = "process-message";

    private final Jdbi jdbi;
    private final String table;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    JdbcProcessingQueue(Jdbi jdbi, String quotedSchema, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this.jdbi = jdbi;
        this.table = quotedSchema + ".processing_jobs";
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Enqueues one {@link #DEFAULT_KIND} job per message; a message that already has a live (pending or running) job
     * of that kind is skipped.
     *
     * @return the number of jobs created
     */
    public int enqueue(AccountId accountId, List<String> providerMessageIds, int priority) {
        Objects.requireNonNull(accountId, "accountId");
        return call(accountId, () -> jdbi.inTransaction(h -> enqueue(h.getConnection(), accountId,
                providerMessageIds, priority)));
    }

    /** Enqueues on the caller's connection and transaction (used by {@link JdbcMailStore#applyAndSave}). */
    int enqueue(Connection c, AccountId accountId, List<String> providerMessageIds, int priority) throws SQLException {
        if (providerMessageIds.isEmpty()) {
            return 0;
        }
        String sql = "INSERT INTO " + table + " (email_account_id, provider_message_id, kind, priority, max_attempts) "
                + "SELECT ?, id, ?, ?, ? FROM unnest(?::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n "
                + "ON CONFLICT (email_account_id, provider_message_id, kind) WHERE state IN ('PENDING', 'RUNNING') "
                + "DO NOTHING";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId.value());
            ps.setString(2, DEFAULT_KIND);
            ps.setInt(3, priority);
            ps.setInt(4, maxAttempts);
            ps.setArray(5, c.createArrayOf("text",
                    providerMessageIds.stream().map(Text::clean).toArray(String[]::new)));
            return ps.executeUpdate();
        }
    }

    /**
     * Claims up to {@code max} ready jobs, highest priority first, then oldest {@code next_run_at}: marks them
     * RUNNING, counts the attempt and records {@code workerId}. Jobs locked by a concurrent claimer are skipped.
     *
     * @return the claimed jobs; empty when none is ready
     */
    public List<ProcessingJob> claim(String workerId, int max) {
        Objects.requireNonNull(workerId, "workerId");
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, was " + max);
        }
        String sql = "UPDATE " + table + " AS j SET state = 'RUNNING', attempts = j.attempts + 1, locked_by = :worker, "
                + "locked_at = now(), updated_at = now() FROM (SELECT id FROM " + table
                + " WHERE state = 'PENDING' AND next_run_at <= now() ORDER BY priority DESC, next_run_at, id "
                + "LIMIT :max FOR UPDATE SKIP LOCKED) AS c WHERE j.id = c.id RETURNING j.*";
        return call(null, () -> jdbi.inTransaction(h -> h.createQuery(sql).bind("worker", workerId).bind("max", max)
                .map(JdbcProcessingQueue::read).list()));
    }

    /**
     * Completes a claimed job: deletes it.
     *
     * @return false when the job is no longer this claim's (released as stale and claimed again, or gone)
     */
    public boolean complete(ProcessingJob job) {
        String sql = "DELETE FROM " + table + " WHERE id = :id AND state = 'RUNNING' AND attempts = :attempts";
        return call(job.accountId(), () -> jdbi.withHandle(h -> h.createUpdate(sql).bind("id", job.id())
                .bind("attempts", job.attempts()).execute())) == 1;
    }

    /**
     * Completes several claimed jobs in one statement (each fenced by its attempt number, like {@link #complete}).
     *
     * @return how many of them were still this claim's and are now deleted
     */
    public int completeAll(List<ProcessingJob> jobs) {
        if (jobs.isEmpty()) {
            return 0;
        }
        Long[] ids = jobs.stream().map(ProcessingJob::id).toArray(Long[]::new);
        Integer[] attempts = jobs.stream().map(ProcessingJob::attempts).toArray(Integer[]::new);
        String sql = "DELETE FROM " + table + " AS j USING unnest(?::bigint[], ?::integer[]) AS u(id, attempts) "
                + "WHERE j.id = u.id AND j.attempts = u.attempts AND j.state = 'RUNNING'";
        return call(jobs.get(0).accountId(), () -> jdbi.withHandle(h -> {
            Connection c = h.getConnection();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("bigint", ids));
                ps.setArray(2, c.createArrayOf("integer", attempts));
                return ps.executeUpdate();
            }
        }));
    }

    /**
     * Records a failed attempt: the job goes back to PENDING after a backoff of {@code initial * 2^(attempts-1)}
     * (capped), or to DEAD when it has had {@code maxAttempts} attempts.
     *
     * @return false when the job is no longer this claim's
     */
    public boolean fail(ProcessingJob job, String error) {
        long backoffMs = backoff(job.attempts()).toMillis();
        String sql = "UPDATE " + table + " SET state = CASE WHEN attempts >= max_attempts THEN 'DEAD' ELSE 'PENDING' END, "
                + "next_run_at = now() + :ms * interval '1 millisecond', last_error = :error, locked_by = NULL, "
                + "locked_at = NULL, updated_at = now() WHERE id = :id AND state = 'RUNNING' AND attempts = :attempts";
        return call(job.accountId(), () -> jdbi.withHandle(h -> h.createUpdate(sql).bind("ms", backoffMs)
                .bind("error", Text.clean(String.valueOf(error))).bind("id", job.id())
                .bind("attempts", job.attempts()).execute())) == 1;
    }

    /** The backoff after the {@code attempts}-th failed attempt. */
    Duration backoff(int attempts) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempts && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /** The dead-lettered jobs of the account, oldest first, at most {@code limit}. */
    public List<ProcessingJob> deadLetters(AccountId accountId, int limit) {
        String sql = "SELECT * FROM " + table + " WHERE email_account_id = :account AND state = 'DEAD' "
                + "ORDER BY id LIMIT :limit";
        return call(accountId, () -> jdbi.withHandle(h -> h.createQuery(sql).bind("account", accountId.value())
                .bind("limit", limit).map(JdbcProcessingQueue::read).list()));
    }

    /**
     * Puts every dead job of the account back to PENDING with its attempts reset (after the host fixed the cause).
     *
     * @return the number of jobs requeued
     */
    public int requeueDeadLetters(AccountId accountId) {
        String sql = "UPDATE " + table + " SET state = 'PENDING', attempts = 0, next_run_at = now(), updated_at = now() "
                + "WHERE email_account_id = :account AND state = 'DEAD'";
        return call(accountId, () -> jdbi.withHandle(h -> h.createUpdate(sql).bind("account", accountId.value())
                .execute()));
    }

    /**
     * Returns RUNNING jobs claimed longer ago than {@code olderThan} (their worker died) to PENDING.
     *
     * @return the number of jobs released
     */
    public int releaseStale(Duration olderThan) {
        String sql = "UPDATE " + table + " SET state = 'PENDING', locked_by = NULL, locked_at = NULL, updated_at = now() "
                + "WHERE state = 'RUNNING' AND locked_at < now() - :ms * interval '1 millisecond'";
        return call(null, () -> jdbi.withHandle(h -> h.createUpdate(sql).bind("ms", olderThan.toMillis()).execute()));
    }

    /** The number of pending and running jobs of the account (the status model's queue depth). */
    public long depth(AccountId accountId) {
        String sql = "SELECT count(*) FROM " + table + " WHERE email_account_id = :account AND state <> 'DEAD'";
        return call(accountId, () -> jdbi.withHandle(h -> h.createQuery(sql).bind("account", accountId.value())
                .mapTo(Long.class).one()));
    }

    /** The number of pending and running jobs per account that has any. */
    public Map<AccountId, Long> depthByAccount() {
        String sql = "SELECT email_account_id, count(*) FROM " + table + " WHERE state <> 'DEAD' GROUP BY 1 ORDER BY 1";
        return call(null, () -> jdbi.withHandle(h -> {
            Map<AccountId, Long> out = new LinkedHashMap<>();
            h.createQuery(sql).map((rs, ctx) -> Map.entry(AccountId.of(rs.getString(1)), rs.getLong(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        }));
    }

    private static ProcessingJob read(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ProcessingJob(rs.getLong("id"), AccountId.of(rs.getString("email_account_id")),
                rs.getString("provider_message_id"), rs.getString("kind"), rs.getInt("priority"),
                ProcessingJob.State.valueOf(rs.getString("state")), rs.getInt("attempts"), rs.getInt("max_attempts"),
                rs.getObject("next_run_at", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(rs.getString("last_error")));
    }

    private static <T> T call(AccountId accountId, java.util.concurrent.Callable<T> work) {
        try {
            return work.call();
        } catch (JdbiException | SQLException e) {
            throw new StoreException(accountId, "processing queue failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException(accountId, "processing queue failed: " + e.getMessage(), e);
        }
    }
}
