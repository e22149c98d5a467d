package io.mailsync.core.processing;

import io.mailsync.core.AccountId;

/**
 * Answers whether an account sent the message with a given RFC 5322 {@code Message-ID}: the host's store answers it
 * from an index on the Message-ID (the PostgreSQL store has one). Used by {@link RulePriorityScorer} on the sync thread,
 * so it must be fast (an indexed look-up or a cache) and thread-safe.
 */
@FunctionalInterface
public interface SentMessageLookup {

    /** Knows no sent message. */
    SentMessageLookup NONE = (accountId, internetMessageId) -> false;

    /**
     * Whether {@code accountId} sent the message {@code internetMessageId}.
     *
     * @param internetMessageId a Message-ID without angle brackets
     */
    boolean sentByAccount(AccountId accountId, String internetMessageId);
}
