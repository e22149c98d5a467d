package io.mailsync.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a provider should deliver push notifications for the host.
 *
 * @param notificationUrl          the host's public HTTPS webhook URL (Graph); empty for pull or IDLE
 * @param lifecycleNotificationUrl the host's Graph lifecycle URL, when it has one
 * @param topic                    the Pub/Sub topic Gmail publishes to, when Gmail is used
 */
public record PushTarget(Optional<String> notificationUrl, Optional<String> lifecycleNotificationUrl,
                         Optional<String> topic) {

    /** No endpoint: push that needs none (IMAP IDLE, Pub/Sub pull with the topic configured in the provider). */
    public static final PushTarget NONE = new PushTarget(Optional.empty(), Optional.empty(), Optional.empty());

    public PushTarget {
        Objects.requireNonNull(notificationUrl, "notificationUrl");
        Objects.requireNonNull(lifecycleNotificationUrl, "lifecycleNotificationUrl");
        Objects.requireNonNull(topic, "topic");
    }
}
