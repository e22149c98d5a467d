package io.mailsync.imap.internal;

import jakarta.mail.MessagingException;

import java.io.IOException;
import java.util.Map;

/**
 * What was fetched of one message's body: either only its text and HTML sections ({@link TextSections}), or, when
 * the server gave no usable body structure, the whole message to parse here.
 *
 * @param whole    the raw message, or null
 * @param plan     the sections' plan, or null when {@code whole} is set
 * @param sections section number to transfer-encoded bytes
 */
record FetchedBody(byte[] whole, TextSections.Plan plan, Map<String, byte[]> sections) {

    static FetchedBody whole(byte[] raw) {
        return new FetchedBody(raw, null, Map.of());
    }

    static FetchedBody sections(TextSections.Plan plan, Map<String, byte[]> sections) {
        return new FetchedBody(null, plan, Map.copyOf(sections));
    }

    /** The text and HTML bodies. */
    MimeContent.Bodies bodies() throws MessagingException, IOException {
        return whole != null ? MimeContent.bodies(whole) : plan.decode(sections);
    }
}
