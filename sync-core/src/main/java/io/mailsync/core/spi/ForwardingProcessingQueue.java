package io.mailsync.core.spi;

import io.mailsync.core.AccountId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A {@link ProcessingQueue} that hands every call to another one: for a store that is the engine's queue but keeps
 * the queue's logic in a class of its own.
 */
public interface ForwardingProcessingQueue extends ProcessingQueue {

    /** The queue every call goes to. */
    ProcessingQueue processingQueueDelegate();

    @Override
    default void enqueue(List<ProcessingJob> jobs) {
        processingQueueDelegate().enqueue(jobs);
    }

    @Override
    default List<ProcessingJob> claim(int max, Duration lease) {
        return processingQueueDelegate().claim(max, lease);
    }

    @Override
    default void complete(List<ProcessingJob> jobs) {
        processingQueueDelegate().complete(jobs);
    }

    @Override
    default void retry(ProcessingJob job, String error, Instant notBefore) {
        processingQueueDelegate().retry(job, error, notBefore);
    }

    @Override
    default void deadLetter(ProcessingJob job, String error) {
        processingQueueDelegate().deadLetter(job, error);
    }

    @Override
    default long depth(AccountId accountId) {
        return processingQueueDelegate().depth(accountId);
    }

    @Override
    default List<DeadLetter> deadLetters(int limit) {
        return processingQueueDelegate().deadLetters(limit);
    }

    @Override
    default int requeue(List<Long> jobIds) {
        return processingQueueDelegate().requeue(jobIds);
    }
}
