package io.mailsync.core.spi;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.TriggerSource;

/**
 * The one entry point for "something changed, sync": webhooks, Pub/Sub, IDLE, timers and manual calls all end here.
 * Triggers are coalesced per {@code (account, folder)}: any number of them while a sync runs produce at most one
 * follow-up sync. Cheap and non-blocking; safe to call from any thread, including an HTTP request thread.
 */
@FunctionalInterface
public interface TriggerSink {

    /**
     * Asks for a sync of one folder ({@link FolderId#ALL} for every folder) of an account. Triggers for accounts that
     * are not running are ignored.
     *
     * @return {@code true} when a sync was scheduled by this call, {@code false} when it was coalesced into one
     *         already pending or the account is not running
     */
    boolean trigger(AccountId accountId, FolderId folderId, TriggerSource source);
}
