package io.mailsync.core;

import java.util.Objects;

/**
 * Identifies a folder of a mailbox as the provider names it: a Graph mail folder id, an IMAP folder's full name,
 * or {@link #MAILBOX} for providers whose change cursor covers the whole mailbox (Gmail).
 *
 * @param value the provider's folder identifier; not blank
 */
public record FolderId(String value) {

    /** The whole mailbox, for providers with one cursor per mailbox (Gmail's {@code historyId}). */
    public static final FolderId MAILBOX = new FolderId("*mailbox*");

    /** Every folder of the account: a trigger for {@code ALL} syncs each folder the provider lists. */
    public static final FolderId ALL = new FolderId("*all*");

    public FolderId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("folderId must not be blank");
        }
    }

    /** Shorthand for {@code new FolderId(value)}. */
    public static FolderId of(String value) {
        return new FolderId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
