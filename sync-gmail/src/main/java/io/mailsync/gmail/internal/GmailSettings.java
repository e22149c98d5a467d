package io.mailsync.gmail.internal;

import io.mailsync.gmail.GmailMessageFormat;
import io.mailsync.gmail.GmailQuota;

import java.util.List;
import java.util.Optional;

/**
 * The provider's configuration as the session needs it.
 *
 * @param quota            the per-user quota budget
 * @param batchSize        messages.get calls per batch request (1..50)
 * @param format           the messages.get format
 * @param labelFilter      only messages carrying all these labels are synced (empty: all)
 * @param includeSpamTrash whether SPAM and TRASH are synced
 * @param defaultTopic     the Pub/Sub topic for watch when the push target names none
 */
public record GmailSettings(GmailQuota quota, int batchSize, GmailMessageFormat format, List<String> labelFilter,
                            boolean includeSpamTrash, Optional<String> defaultTopic) {

    public GmailSettings {
        labelFilter = List.copyOf(labelFilter);
    }

    /** Whether a message with these labels belongs to the synced set. */
    public boolean visible(java.util.Collection<String> labels) {
        if (!includeSpamTrash && (labels.contains("SPAM") || labels.contains("TRASH"))) {
            return false;
        }
        return labels.containsAll(labelFilter);
    }
}
