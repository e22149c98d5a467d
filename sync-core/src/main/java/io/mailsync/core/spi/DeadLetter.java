package io.mailsync.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A job that failed too often and waits for an operator.
 *
 * @param job       the job, with its attempts
 * @param lastError the last failure, in the processor's words
 * @param failedAt  when it was dead-lettered
 */
public record DeadLetter(ProcessingJob job, String lastError, Instant failedAt) {

    public DeadLetter {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(failedAt, "failedAt");
    }
}
