package io.mailsync.core.spi;

import io.mailsync.core.AccountId;
import io.mailsync.core.ProcessingResult;

import java.util.List;

/**
 * Keeps what processors concluded, once per {@code (account, message, processor, processor version)}. Thread-safe.
 */
public interface ProcessingResultStore {

    /** Stores results; a result whose key is already stored replaces nothing (idempotent). */
    void saveResults(List<ProcessingResult> results);

    /** Every stored result of a message, any processor and version. */
    List<ProcessingResult> results(AccountId accountId, String providerMessageId);

    /** Whether the processor at this version already has a result for the message. */
    boolean hasResult(AccountId accountId, String providerMessageId, String processor, int processorVersion);
}
