package io.mailsync.core.spi;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * One message waiting for the processing pipeline.
 *
 * @param id                the queue's id of the job (0 before it is enqueued)
 * @param accountId         the account
 * @param providerMessageId the message, as the {@link EmailStore} keys it
 * @param priority          0 (lowest) to 100 (highest), from the {@link PriorityScorer}
 * @param attempts          how many times processing was tried
 * @param enqueuedAt        when the job was queued (for ageing and for equal priorities: oldest first)
 */
public record ProcessingJob(long id, AccountId accountId, String providerMessageId, int priority, int attempts,
                            Instant enqueuedAt) {

    /** The lowest priority. */
    public static final int MIN_PRIORITY = 0;
    /** The highest priority. */
    public static final int MAX_PRIORITY = 100;

    public ProcessingJob {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be in 0..100, was " + priority);
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
        }
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    }

    /** One job to enqueue per message of {@code batch} that {@code result} says was really inserted. */
    public static List<ProcessingJob> forInserted(ChangeBatch batch, ApplyResult result,
                                                  ToIntFunction<EmailMessage> priority, Instant now) {
        List<ProcessingJob> jobs = new ArrayList<>(result.inserted().size());
        for (EmailMessage m : batch.upserts()) {
            if (result.inserted().contains(m.providerMessageId())) {
                jobs.add(of(m.accountId(), m.providerMessageId(), priority.applyAsInt(m), now));
            }
        }
        return jobs;
    }

    /** A job to enqueue. */
    public static ProcessingJob of(AccountId accountId, String providerMessageId, int priority, Instant now) {
        return new ProcessingJob(0, accountId, providerMessageId, priority, 0, now);
    }
}
