package io.mailsync.jdbc;

import io.mailsync.core.AccountId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the durable processing queue ({@code processing_jobs}): process one stored message.
 *
 * @param id                the job's id
 * @param accountId         the account of the message
 * @param providerMessageId the message
 * @param kind              what to do with it ({@link JdbcProcessingQueue#DEFAULT_KIND} for new mail)
 * @param priority          higher runs first
 * @param state             where the job stands
 * @param attempts          how many times it was claimed, this claim included
 * @param maxAttempts       after this many failed attempts the job is dead-lettered
 * @param nextRunAt         not claimed before this instant
 * @param lastError         the error of the last failed attempt
 */
public record ProcessingJob(long id, AccountId accountId, String providerMessageId, String kind, int priority,
                            State state, int attempts, int maxAttempts, Instant nextRunAt, Optional<String> lastError) {

    /** Where a job stands. Completed jobs are deleted, so there is no DONE state. */
    public enum State {
        /** Waiting to be claimed at or after {@code nextRunAt}. */
        PENDING,
        /** Claimed by a worker. */
        RUNNING,
        /** Failed {@code maxAttempts} times: kept for inspection until requeued. */
        DEAD
    }

    public ProcessingJob {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextRunAt, "nextRunAt");
        Objects.requireNonNull(lastError, "lastError");
    }
}
