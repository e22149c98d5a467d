package io.mailsync.core.spi;

import io.mailsync.core.AccountId;

import java.time.Instant;
import java.util.Objects;

/**
 * A person an account exchanged mail with, merged over every message seen so far.
 *
 * @param accountId   the account
 * @param address     the address, normalised (trimmed, lower case)
 * @param displayName the display name of the newest message that carried one; empty when none did
 * @param inbound     messages received by the account in which the person appears (From, Reply-To, To, Cc)
 * @param outbound    messages the account sent to the person (To, Cc, Bcc)
 * @param firstSeen   the date of the earliest of those messages
 * @param lastSeen    the date of the newest of those messages
 */
public record Contact(AccountId accountId, String address, String displayName, long inbound, long outbound,
                      Instant firstSeen, Instant lastSeen) {

    public Contact {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(displayName, "displayName");
        if (inbound < 0 || outbound < 0) {
            throw new IllegalArgumentException("inbound and outbound must be >= 0, were " + inbound + ", " + outbound);
        }
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (lastSeen.isBefore(firstSeen)) {
            throw new IllegalArgumentException("lastSeen must not be before firstSeen");
        }
    }

    /** Every message seen with the person, both directions. */
    public long messages() {
        return inbound + outbound;
    }

    /** A summary without the address or name, safe for logs. */
    @Override
    public String toString() {
        return "Contact[account=" + accountId + ", inbound=" + inbound + ", outbound=" + outbound + ", lastSeen="
                + lastSeen + "]";
    }
}
