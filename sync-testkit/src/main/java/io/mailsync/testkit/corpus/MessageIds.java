package io.mailsync.testkit.corpus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Message-IDs in the common {@code timestamp.unique@domain} shape; the corpus index makes them unique. */
final class MessageIds {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private MessageIds() {
    }

    /** A Message-ID, without angle brackets, for the message at {@code index} sent from {@code domain}. */
    static String create(int index, Instant sentAt, String domain, Randoms random) {
        return STAMP.format(sentAt) + "." + Integer.toString(index, 36) + "." + random.hex(8) + "@" + domain;
    }
}
