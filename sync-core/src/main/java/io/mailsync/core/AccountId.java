package io.mailsync.core;

import java.util.Objects;

/**
 * Identifies one synchronised mailbox (one row of {@code email_accounts}). Chosen by the host, usually a UUID.
 *
 * @param value the identifier; not blank, at most 255 characters
 */
public record AccountId(String value) implements Comparable<AccountId> {

    public AccountId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("accountId must not be blank");
        }
        if (value.length() > 255) {
            throw new IllegalArgumentException("accountId must be at most 255 characters, was " + value.length());
        }
    }

    /** Shorthand for {@code new AccountId(value)}. */
    public static AccountId of(String value) {
        return new AccountId(value);
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
