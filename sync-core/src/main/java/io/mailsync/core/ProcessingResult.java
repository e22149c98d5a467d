package io.mailsync.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one processor concluded about one message ("category" = "newsletter", "score" = "72"), stored once per
 * {@code (account, message, processor, processor version)}: running the same version again replaces nothing.
 *
 * @param accountId         the account
 * @param providerMessageId the message
 * @param processor         the processor's {@link io.mailsync.core.spi.EmailProcessor#name()}
 * @param processorVersion  the processor's {@link io.mailsync.core.spi.EmailProcessor#version()}
 * @param values            the processor's outputs, by name
 * @param processedAt       when the processor produced them
 */
public record ProcessingResult(AccountId accountId, String providerMessageId, String processor, int processorVersion,
                               Map<String, String> values, Instant processedAt) {

    public ProcessingResult {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(processor, "processor");
        if (processorVersion < 1) {
            throw new IllegalArgumentException("processorVersion must be >= 1, was " + processorVersion);
        }
        values = Map.copyOf(values);
        Objects.requireNonNull(processedAt, "processedAt");
    }
}
