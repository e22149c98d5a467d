package io.mailsync.testkit.corpus;

import io.mailsync.core.EmailAddress;
import java.time.ZoneId;

/**
 * Someone who writes or receives mail in the corpus.
 *
 * @param name         the display name, empty for a bare address
 * @param address      the addr-spec, ASCII
 * @param greetingName how others address this person in a greeting
 * @param language     the language the person writes in
 * @param zone         the person's time zone, for the {@code Date} header
 */
record Person(String name, String address, String greetingName, Language language, ZoneId zone) {

    /** The person as the message model's address. */
    EmailAddress toAddress() {
        return new EmailAddress(name, address);
    }

    /** The domain part of the address. */
    String domain() {
        return address.substring(address.indexOf('@') + 1);
    }

    /** Whether this is the same mailbox as {@code other}, comparing addresses case-insensitively. */
    boolean sameMailbox(Person other) {
        return address.equalsIgnoreCase(other.address);
    }
}
