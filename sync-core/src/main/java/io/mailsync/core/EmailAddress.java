package io.mailsync.core;

import java.util.Locale;
import java.util.Objects;

/**
 * A parsed mailbox address such as {@code "Ada Lovelace" <ada@example.org>}.
 *
 * @param name    the display name, decoded (RFC 2047); empty when the header had none
 * @param address the addr-spec as the message carries it; not blank
 */
public record EmailAddress(String name, String address) {

    public EmailAddress {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        if (address.isBlank()) {
            throw new IllegalArgumentException("address must not be blank");
        }
    }

    /** An address without a display name. */
    public static EmailAddress of(String address) {
        return new EmailAddress("", address);
    }

    /** An address with a display name. */
    public static EmailAddress of(String name, String address) {
        return new EmailAddress(name, address);
    }

    /** The address in lower case, for matching (local parts are case-sensitive in theory, never in practice). */
    public String normalizedAddress() {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name.isEmpty() ? address : '"' + name + "\" <" + address + '>';
    }
}
