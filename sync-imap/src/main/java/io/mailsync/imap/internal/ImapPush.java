package io.mailsync.imap.internal;

import io.mailsync.core.FolderId;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.PushRegistration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An account's IMAP push: one {@link IdleWatcher} (connection and thread) per watched folder. IDLE needs nothing at
 * the server, so {@link #stop()} and {@link #close()} both just end the watchers. Thread-safe.
 */
final class ImapPush implements PushRegistration {

    private final String id;
    private final List<IdleWatcher> watchers;

    private ImapPush(String id, List<IdleWatcher> watchers) {
        this.id = id;
        this.watchers = watchers;
    }

    /** Starts a watcher for each configured IDLE folder (INBOX by default). */
    static ImapPush start(AccountContext context, ImapSettings settings, ImapConnector connector) {
        List<IdleWatcher> watchers = new ArrayList<>();
        settings.idleFolders().stream().sorted().forEach(name ->
                watchers.add(IdleWatcher.start(context, FolderId.of(name), settings, connector)));
        return new ImapPush("imap-idle:" + context.accountId() + ":" + String.join(",",
                settings.idleFolders().stream().sorted().toList()), List.copyOf(watchers));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<Instant> expiresAt() {
        return Optional.empty();
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void close() {
        watchers.forEach(IdleWatcher::close);
    }
}
