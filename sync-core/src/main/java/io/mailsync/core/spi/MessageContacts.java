package io.mailsync.core.spi;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The people of one message, to be merged into a {@link ContactStore}.
 *
 * @param accountId         the account
 * @param providerMessageId the message; a store merges each message once
 * @param direction         whether the account received or sent the message
 * @param seenAt            the message's date
 * @param people            the people, one entry per person (addresses normalised, the account's own left out)
 */
public record MessageContacts(AccountId accountId, String providerMessageId, Direction direction, Instant seenAt,
                              List<EmailAddress> people) {

    /** Whether the account received or sent a message. */
    public enum Direction {
        /** The account received the message. */
        INBOUND,
        /** The account sent the message. */
        OUTBOUND
    }

    public MessageContacts {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(seenAt, "seenAt");
        people = List.copyOf(people);
    }
}
