package io.mailsync.core.spi;

import io.mailsync.core.AccountId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The queue between sync and the processing pipeline: durable in PostgreSQL ({@code sync-jdbc}, claimed with
 * {@code FOR UPDATE SKIP LOCKED}), in memory in {@link io.mailsync.core.memory.InMemoryMailStore}.
 *
 * <p>Order: the highest <em>effective</em> priority first, where a job's effective priority grows with its age
 * (ageing, so low-priority jobs never starve); equal effective priorities in arrival order. Thread-safe; several
 * workers (and instances) may claim at once and never receive the same job while its lease runs.
 */
public interface ProcessingQueue {

    /** Queues jobs; a job for a message that already has a live (queued, claimed or dead) job is ignored. */
    void enqueue(List<ProcessingJob> jobs);

    /**
     * Takes up to {@code max} jobs whose {@code notBefore} has passed, for {@code lease}: a job not completed, retried
     * or dead-lettered within its lease is handed out again (its worker died).
     */
    List<ProcessingJob> claim(int max, Duration lease);

    /** The jobs are done: removes them. */
    void complete(List<ProcessingJob> jobs);

    /** The job failed: counts the attempt and hands it out again after {@code notBefore}. */
    void retry(ProcessingJob job, String error, Instant notBefore);

    /** The job failed for good: keeps it, with its error, out of the queue until {@link #requeue}. */
    void deadLetter(ProcessingJob job, String error);

    /** Jobs of the account that are queued or claimed (not dead). */
    long depth(AccountId accountId);

    /** Dead-lettered jobs, oldest first, at most {@code limit}. */
    List<DeadLetter> deadLetters(int limit);

    /** Puts dead-lettered jobs back in the queue with their attempts reset; returns how many were found. */
    int requeue(List<Long> jobIds);
}
