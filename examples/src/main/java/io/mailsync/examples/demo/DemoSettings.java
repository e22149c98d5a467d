package io.mailsync.examples.demo;

import java.util.Objects;
import java.util.Optional;

/**
 * The demo's validated options.
 *
 * @param durationSeconds how long the real-time phase runs
 * @param messages        messages seeded before the historical sync
 * @param intervalSeconds seconds between two delivered messages
 * @param imapPort        GreenMail's port, 0 for a free one
 * @param jdbcUrl         a PostgreSQL to use instead of the embedded one
 * @param jdbcUser        its user
 * @param jdbcPassword    its password
 */
public record DemoSettings(int durationSeconds, int messages, int intervalSeconds, int imapPort,
                           Optional<String> jdbcUrl, Optional<String> jdbcUser, Optional<String> jdbcPassword) {

    /** Validates the settings, naming the bad one. */
    public DemoSettings {
        if (durationSeconds < 1) {
            throw new IllegalArgumentException("durationSeconds must be >= 1, was " + durationSeconds);
        }
        if (messages < 10) {
            throw new IllegalArgumentException("messages must be >= 10, was " + messages);
        }
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("intervalSeconds must be >= 1, was " + intervalSeconds);
        }
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUser, "jdbcUser");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
    }

    /** {@code jdbcPassword} is never shown. */
    @Override
    public String toString() {
        return "DemoSettings[durationSeconds=" + durationSeconds + ", messages=" + messages + ", intervalSeconds="
                + intervalSeconds + ", imapPort=" + imapPort + ", jdbcUrl=" + jdbcUrl.orElse("(embedded)") + "]";
    }
}
