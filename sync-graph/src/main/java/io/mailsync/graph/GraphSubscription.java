package io.mailsync.graph;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;

import java.time.Instant;
import java.util.Objects;

/**
 * A Graph change-notification subscription of one folder of one account, as the webhook handler needs it.
 * {@link #toString()} never shows the {@code clientState}.
 *
 * @param id          Graph's subscription id
 * @param accountId   the account
 * @param folderId    the folder whose messages it watches
 * @param clientState the random secret Graph echoes in every notification (at most 128 characters)
 * @param expiresAt   when Graph drops it unless renewed
 */
public record GraphSubscription(String id, AccountId accountId, FolderId folderId, String clientState,
                                Instant expiresAt) {

    public GraphSubscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(folderId, "folderId");
        Objects.requireNonNull(clientState, "clientState");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (clientState.isEmpty() || clientState.length() > 128) {
            throw new IllegalArgumentException("clientState must have 1 to 128 characters, had " + clientState.length());
        }
    }

    /** A copy with another expiry. */
    public GraphSubscription withExpiresAt(Instant expiry) {
        return new GraphSubscription(id, accountId, folderId, clientState, expiry);
    }

    @Override
    public String toString() {
        return "GraphSubscription[id=" + id + ", account=" + accountId + ", folder=" + folderId + ", expiresAt="
                + expiresAt + ", clientState=***]";
    }
}
