package io.mailsync.core.spi;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.SyncOptions;

import java.util.List;
import java.util.Objects;

/**
 * New messages of one account handed to an {@link EmailProcessor}.
 *
 * @param account  the account's options ({@code enableAI}, {@code enableDraftPreparation})
 * @param messages messages the store really inserted, never a replayed or duplicate one
 */
public record ProcessingBatch(SyncOptions account, List<EmailMessage> messages) {

    public ProcessingBatch {
        Objects.requireNonNull(account, "account");
        messages = List.copyOf(messages);
    }
}
