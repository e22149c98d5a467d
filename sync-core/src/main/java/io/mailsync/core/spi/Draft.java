package io.mailsync.core.spi;

import io.mailsync.core.AccountId;

import java.time.Instant;
import java.util.Objects;

/**
 * A reply prepared for a thread, kept until it expires. mailsync never sends it: the host shows it to the user.
 *
 * @param accountId         the account
 * @param providerMessageId the message the draft answers (the newest of the thread when it was prepared)
 * @param threadId          the thread; one draft per {@code (account, thread)}
 * @param body              the reply text
 * @param createdAt         when it was prepared
 * @param expiresAt         when it is no longer offered and may be deleted
 * @param threadFingerprint a digest of the thread's message ids when it was prepared: a new message in the thread
 *                          changes it, and the draft is prepared anew
 */
public record Draft(AccountId accountId, String providerMessageId, String threadId, String body, Instant createdAt,
                    Instant expiresAt, String threadFingerprint) {

    public Draft {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(threadFingerprint, "threadFingerprint");
        if (expiresAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("expiresAt must not be before createdAt");
        }
    }

    /** Whether the draft has expired at {@code now}. */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** A summary without the body, safe for logs. */
    @Override
    public String toString() {
        return "Draft[account=" + accountId + ", message=" + providerMessageId + ", thread=" + threadId
                + ", expiresAt=" + expiresAt + "]";
    }
}
