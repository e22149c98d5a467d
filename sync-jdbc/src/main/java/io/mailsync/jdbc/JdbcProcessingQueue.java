package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.StoreException;
import io.mailsync.core.spi.DeadLetter;
import io.mailsync.core.spi.ProcessingJob;
import io.mailsync.core.spi.ProcessingQueue;
import io.mailsync.jdbc.internal.Text;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The durable {@link ProcessingQueue}: the PostgreSQL table {@code processing_jobs}, shared by every worker, thread
 * and JVM of the schema. {@link JdbcMailStore} implements the queue by delegating here, and queues the jobs of a
 * batch's new messages in the batch's own transaction ({@link JdbcMailStore#applyAndSaveAndEnqueue}).
 *
 * <p>Order: the highest effective priority first, where the effective priority is the job's priority plus its age
 * divided by {@code ageingStep} (so low-priority jobs never starve); equal effective priorities oldest first, then in
 * arrival order. Comparing {@code priority + (now - enqueuedAt) / step} between two jobs is comparing
 * {@code enqueuedAt - priority * step}, a key that does not change while the job waits: it is stored at enqueue
 * ({@code rank_at}, with this queue's step) and indexed, so a claim is one index-ordered
 * {@code SELECT ... ORDER BY rank_at LIMIT n FOR UPDATE SKIP LOCKED}, whatever the queue's depth. Concurrent claimers
 * never take the same job and never wait for each other. Before it, the claim returns to the queue the jobs whose lease
 * ran out (claimable again, by any instance) and the retries whose {@code notBefore} has passed.
 *
 * <p>Fencing: each claim numbers the row anew ({@code claim_seq}). {@link #complete}, {@link #retry} and
 * {@link #deadLetter} act only on the jobs this queue object handed out ({@code ProcessingJob} instances returned by
 * {@link #claim}, matched by identity) and only while that claim is still the row's latest: a worker whose lease ran out
 * and whose job was claimed again cannot complete, retry or dead-letter the newer attempt (its call does nothing).
 * Times (ageing, leases, {@code notBefore}) come from the queue's {@link Clock}, so instances need synchronised clocks.
 *
 * <p>Every enqueue that creates jobs also sends {@code NOTIFY} on {@link JdbcNotifier#JOBS_CHANNEL} (in the same
 * statement, delivered when its transaction commits), which a {@link JdbcNotifier} turns into a wake-up for waiting
 * workers.
 *
 * <p>Thread-safe; every method is one short transaction.
 */
public final class JdbcProcessingQueue implements ProcessingQueue {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcProcessingQueue.class);

    /** The claim a {@link ProcessingJob} instance stands for. */
    private record Claim(long seq, Instant leaseUntil) {
    }

    /** A row a claim returned. */
    private record Claimed(ProcessingJob job, long seq, OffsetDateTime rank) {
    }

    private final Jdbi jdbi;
    private final String table;
    private final Clock clock;
    private final long ageingStepMicros;
    private final Map<ProcessingJob, Claim> claims = Collections.synchronizedMap(new IdentityHashMap<>());
    private final String schema;
    private final String enqueueSql;
    private final String claimSql;
    private final String promoteSql;
    private int pruneAbove = 1024;

    JdbcProcessingQueue(Jdbi jdbi, String quotedSchema, Clock clock, Duration ageingStep) {
        this.schema = quotedSchema.substring(1, quotedSchema.length() - 1);
        this.jdbi = jdbi;
        this.table = quotedSchema + ".processing_jobs";
        this.clock = clock;
        this.ageingStepMicros = Math.max(1, ageingStep.toNanos() / 1_000);
        // One round trip: the insert, and a NOTIFY (delivered at commit, see JdbcNotifier) when it created jobs.
        this.enqueueSql = "WITH ins AS (INSERT INTO " + table + " (email_account_id, provider_message_id, priority, enqueued_at, "
                + "next_run_at, rank_at) SELECT u.account, u.pid, u.priority, u.at, u.at, "
                + "u.at - u.priority * " + ageingStepMicros + " * interval '1 microsecond' "
                + "FROM unnest(?::text[], ?::text[], ?::int[], ?::timestamptz[]) "
                + "WITH ORDINALITY AS u(account, pid, priority, at, n) ORDER BY u.n "
                + "ON CONFLICT (email_account_id, provider_message_id, kind) DO NOTHING RETURNING 1), "
                + "n AS (SELECT count(*) AS created FROM ins) "
                + "SELECT created, CASE WHEN created > 0 THEN pg_notify('" + JdbcNotifier.JOBS_CHANNEL + "', ?) END "
                + "FROM n";
        String now = "CAST(:now AS timestamptz)";
        this.promoteSql = "UPDATE " + table + " SET state = 'PENDING', lease_until = NULL, updated_at = now() "
                + "WHERE id = ANY(ARRAY(SELECT id FROM " + table + " WHERE state = 'RUNNING' AND lease_until < " + now
                + " FOR UPDATE SKIP LOCKED) || ARRAY(SELECT id FROM " + table + " WHERE state = 'WAITING' "
                + "AND next_run_at <= " + now + " FOR UPDATE SKIP LOCKED))";
        this.claimSql = "UPDATE " + table + " AS t SET state = 'RUNNING', lease_until = CAST(:lease AS timestamptz), "
                + "claim_seq = t.claim_seq + 1, updated_at = now() FROM (SELECT id FROM " + table
                + " WHERE state = 'PENDING' ORDER BY rank_at, id LIMIT :max FOR UPDATE SKIP LOCKED) AS c "
                + "WHERE t.id = c.id "
                + "RETURNING t.id, t.email_account_id, t.provider_message_id, t.priority, t.attempts, t.enqueued_at, "
                + "t.claim_seq, t.rank_at";
    }

    @Override
    public void enqueue(List<ProcessingJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        call(jobs.get(0).accountId(), () -> jdbi.inTransaction(h -> enqueue(h.getConnection(), jobs)));
    }

    /** Queues on the caller's connection and transaction; returns how many jobs were created. */
    int enqueue(Connection c, List<ProcessingJob> jobs) throws SQLException {
        if (jobs.isEmpty()) {
            return 0;
        }
        int n = jobs.size();
        String[] accounts = new String[n];
        String[] ids = new String[n];
        Integer[] priorities = new Integer[n];
        String[] at = new String[n];
        for (int i = 0; i < n; i++) {
            ProcessingJob job = jobs.get(i);
            accounts[i] = job.accountId().value();
            ids[i] = Text.clean(job.providerMessageId());
            priorities[i] = job.priority();
            at[i] = job.enqueuedAt().toString();
        }
        try (PreparedStatement ps = c.prepareStatement(enqueueSql)) {
            ps.setArray(1, c.createArrayOf("text", accounts));
            ps.setArray(2, c.createArrayOf("text", ids));
            ps.setArray(3, c.createArrayOf("int4", priorities));
            ps.setArray(4, c.createArrayOf("text", at));
            ps.setString(5, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** {@inheritDoc} Jobs claimed by concurrent claimers are skipped, never waited for. */
    @Override
    public List<ProcessingJob> claim(int max, Duration lease) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, was " + max);
        }
        Objects.requireNonNull(lease, "lease");
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(lease);
        List<Claimed> rows = call(null, () -> jdbi.inTransaction(h -> {
            h.createUpdate(promoteSql).bind("now", time(now)).execute();
            return h.createQuery(claimSql).bind("lease", time(leaseUntil)).bind("max", max)
                    .map((rs, ctx) -> new Claimed(read(rs, rs.getInt("attempts")), rs.getLong("claim_seq"),
                            rs.getObject("rank_at", OffsetDateTime.class)))
                    .list();
        }));
        List<ProcessingJob> ordered = new ArrayList<>(rows.size());
        rows.stream().sorted(Comparator.comparing(Claimed::rank).thenComparingLong(r -> r.job().id())).forEach(r -> {
            claims.put(r.job(), new Claim(r.seq(), leaseUntil)); // only once committed
            ordered.add(r.job());
        });
        pruneExpired(now);
        return ordered;
    }

    /** Forgets claims whose lease ran out long ago (their worker never came back), so the map stays small. */
    private void pruneExpired(Instant now) {
        synchronized (claims) {
            if (claims.size() <= pruneAbove) {
                return;
            }
            claims.values().removeIf(c -> c.leaseUntil().isBefore(now));
            pruneAbove = Math.max(1024, claims.size() * 2);
        }
    }

    /** {@inheritDoc} Jobs that are not this queue's current claims are left alone. */
    @Override
    public void complete(List<ProcessingJob> jobs) {
        List<Long> ids = new ArrayList<>(jobs.size());
        List<Long> seqs = new ArrayList<>(jobs.size());
        for (ProcessingJob job : jobs) {
            Claim claim = claims.remove(job);
            if (claim != null) {
                ids.add(job.id());
                seqs.add(claim.seq());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        String sql = "DELETE FROM " + table + " AS j USING unnest(?::bigint[], ?::bigint[]) AS u(id, seq) "
                + "WHERE j.id = u.id AND j.claim_seq = u.seq AND j.state = 'RUNNING'";
        int deleted = call(jobs.get(0).accountId(), () -> jdbi.withHandle(h -> {
            Connection c = h.getConnection();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("int8", ids.toArray(Long[]::new)));
                ps.setArray(2, c.createArrayOf("int8", seqs.toArray(Long[]::new)));
                return ps.executeUpdate();
            }
        }));
        if (deleted < ids.size()) {
            LOG.debug("{} of {} completed jobs were claimed again after their lease ran out", ids.size() - deleted,
                    ids.size());
        }
    }

    /** {@inheritDoc} Does nothing when the job is not this queue's current claim (its lease ran out). */
    @Override
    public void retry(ProcessingJob job, String error, Instant notBefore) {
        Objects.requireNonNull(notBefore, "notBefore");
        finish(job, "state = 'WAITING', next_run_at = CAST(:at AS timestamptz), lease_until = NULL", error, notBefore);
    }

    /** {@inheritDoc} Does nothing when the job is not this queue's current claim (its lease ran out). */
    @Override
    public void deadLetter(ProcessingJob job, String error) {
        finish(job, "state = 'DEAD', failed_at = CAST(:at AS timestamptz), lease_until = NULL", error, clock.instant());
    }

    private void finish(ProcessingJob job, String set, String error, Instant at) {
        Claim claim = claims.remove(job);
        if (claim == null) {
            LOG.debug("job {} is not a current claim of this queue; {} ignored", job.id(), set);
            return;
        }
        String sql = "UPDATE " + table + " SET " + set + ", attempts = attempts + 1, last_error = :error, "
                + "updated_at = now() WHERE id = :id AND claim_seq = :seq AND state = 'RUNNING'";
        call(job.accountId(), () -> jdbi.withHandle(h -> h.createUpdate(sql).bind("at", time(at))
                .bind("error", Text.clean(String.valueOf(error))).bind("id", job.id()).bind("seq", claim.seq())
                .execute()));
    }

    /** {@inheritDoc} Queued, waiting (retries) and claimed jobs, one indexed count. */
    @Override
    public long depth(AccountId accountId) {
        String sql = "SELECT count(*) FROM " + table + " WHERE email_account_id = :account AND state <> 'DEAD'";
        return call(accountId, () -> jdbi.withHandle(h -> h.createQuery(sql).bind("account", accountId.value())
                .mapTo(Long.class).one()));
    }

    /** The number of queued and claimed jobs per account that has any (for dashboards). */
    public Map<AccountId, Long> depthByAccount() {
        String sql = "SELECT email_account_id, count(*) FROM " + table + " WHERE state <> 'DEAD' GROUP BY 1 ORDER BY 1";
        return call(null, () -> jdbi.withHandle(h -> {
            Map<AccountId, Long> out = new LinkedHashMap<>();
            h.createQuery(sql).map((rs, ctx) -> Map.entry(AccountId.of(rs.getString(1)), rs.getLong(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        }));
    }

    @Override
    public List<DeadLetter> deadLetters(int limit) {
        String sql = "SELECT id, email_account_id, provider_message_id, priority, attempts, enqueued_at, last_error, "
                + "failed_at FROM " + table + " WHERE state = 'DEAD' ORDER BY failed_at, id LIMIT :limit";
        return call(null, () -> jdbi.withHandle(h -> h.createQuery(sql).bind("limit", Math.max(0, limit))
                .map((rs, ctx) -> new DeadLetter(read(rs, rs.getInt("attempts")),
                        String.valueOf(rs.getString("last_error")),
                        rs.getObject("failed_at", OffsetDateTime.class).toInstant()))
                .list()));
    }

    /** {@inheritDoc} A requeued job counts as newly arrived (its age restarts) with its priority. */
    @Override
    public int requeue(List<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        String sql = "UPDATE " + table + " SET state = 'PENDING', attempts = 0, enqueued_at = ?, next_run_at = ?, "
                + "rank_at = CAST(? AS timestamptz) - priority * " + ageingStepMicros + " * interval '1 microsecond', "
                + "failed_at = NULL, updated_at = now() WHERE id = ANY(?::bigint[]) AND state = 'DEAD'";
        return call(null, () -> jdbi.withHandle(h -> {
            Connection c = h.getConnection();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, time(now));
                ps.setObject(2, time(now));
                ps.setObject(3, time(now));
                ps.setArray(4, c.createArrayOf("int8", jobIds.toArray(Long[]::new)));
                return ps.executeUpdate();
            }
        }));
    }

    private static ProcessingJob read(ResultSet rs, int attempts) throws SQLException {
        return new ProcessingJob(rs.getLong("id"), AccountId.of(rs.getString("email_account_id")),
                rs.getString("provider_message_id"), rs.getInt("priority"), attempts,
                rs.getObject("enqueued_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static <T> T call(AccountId accountId, Callable<T> work) {
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
