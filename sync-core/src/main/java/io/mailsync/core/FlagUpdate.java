package io.mailsync.core;

import java.util.Objects;
import java.util.Set;

/**
 * A change of a stored message's flags or labels, without its content.
 *
 * @param providerMessageId the message
 * @param flags             the complete new set of flags or labels (not a delta)
 */
public record FlagUpdate(String providerMessageId, Set<String> flags) {

    public FlagUpdate {
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        flags = Set.copyOf(flags);
    }
}
