package io.mailsync.imap.internal;

import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.FolderId;
import io.mailsync.core.TriggerSource;
import io.mailsync.core.spi.AccountContext;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps IDLE on one folder of one account, on its own connection and thread (virtual from Java 24), with its own
 * loop rather than Angus' {@code IdleManager} (which hides dropped-folder errors, angus-mail #196):
 * <ul>
 *   <li>every EXISTS, EXPUNGE, VANISHED or FETCH the server sends triggers an incremental sync of the folder at once
 *       ({@link TriggerSource#IDLE}); the sync itself runs on the engine's connection;</li>
 *   <li>IDLE is ended and re-issued after the configured maximum IDLE time, with the keep-alive command in between;
 *       where the server has no IDLE, the keep-alive command is sent every poll interval instead;</li>
 *   <li>a dropped connection is re-opened with exponential backoff and followed by a triggered sync, so nothing that
 *       happened while it was down is missed; a rejected credential ends the watcher (the engine reports it).</li>
 * </ul>
 * Thread-safe.
 */
final class IdleWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IdleWatcher.class);

    private final AccountContext context;
    private final FolderId folderId;
    private final ImapSettings settings;
    private final ImapConnector connector;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile IMAPStore store;
    private volatile IMAPFolder folder;
    private volatile boolean serverIdles;
    private volatile Thread thread;

    private IdleWatcher(AccountContext context, FolderId folderId, ImapSettings settings, ImapConnector connector) {
        this.context = context;
        this.folderId = folderId;
        this.settings = settings;
        this.connector = connector;
    }

    static IdleWatcher start(AccountContext context, FolderId folderId, ImapSettings settings,
                             ImapConnector connector) {
        IdleWatcher w = new IdleWatcher(context, folderId, settings, connector);
        w.thread = connector.idleThreads().newThread(w::run);
        w.thread.start();
        return w;
    }

    private void run() {
        Duration backoff = settings.reconnectBackoffMin();
        boolean connectedBefore = false;
        while (!stopped.get()) {
            try {
                connect();
                if (connectedBefore) {
                    trigger(); // whatever happened while the connection was down
                }
                connectedBefore = true;
                backoff = settings.reconnectBackoffMin();
                connector.idleStarted();
                try {
                    if (serverIdles) {
                        idleLoop();
                    } else {
                        pollLoop();
                    }
                } finally {
                    connector.idleEnded();
                }
            } catch (AuthenticationRequiredException e) {
                LOG.warn("IDLE on {} of account {} stops: {}", folderId, context.accountId(), e.getMessage());
                return;
            } catch (MessagingException | RuntimeException e) {
                if (stopped.get()) {
                    break;
                }
                LOG.info("IDLE on {} of account {} lost its connection ({}); reconnecting in {}", folderId,
                        context.accountId(), e.toString(), backoff);
                disconnect();
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(settings.reconnectBackoffMax()) > 0
                        ? settings.reconnectBackoffMax() : backoff.multipliedBy(2);
            }
        }
        disconnect();
    }

    private void connect() throws MessagingException {
        IMAPStore s = connector.connect(context);
        store = s;
        // before the folder takes the connection: a store command afterwards would make Angus open a second one
        serverIdles = s.hasCapability("IDLE");
        IMAPFolder f = (IMAPFolder) s.getFolder(folderId.value());
        f.open(Folder.READ_ONLY);
        folder = f;
        f.doCommand(p -> {
            p.addResponseHandler(this::onResponse);
            return null;
        });
    }

    private void onResponse(Response r) {
        if (r instanceof IMAPResponse ir && ir.isUnTagged()
                && (ir.keyEquals("EXISTS") || ir.keyEquals("EXPUNGE") || ir.keyEquals("FETCH")
                || ir.keyEquals("VANISHED"))) {
            trigger();
        }
    }

    private void trigger() {
        context.triggers().trigger(context.accountId(), folderId, TriggerSource.IDLE);
    }

    private void idleLoop() throws MessagingException {
        IMAPFolder f = folder;
        while (!stopped.get()) {
            ScheduledFuture<?> reissue = connector.scheduler().schedule(
                    () -> connector.idleThreads().newThread(() -> keepAlive(f)).start(),
                    settings.maxIdleTime().toMillis(), TimeUnit.MILLISECONDS);
            try {
                f.idle(false); // returns when keepAlive() (or close) ends it
            } finally {
                reissue.cancel(false);
            }
            checkOpen(f);
        }
    }

    private void pollLoop() throws MessagingException {
        IMAPFolder f = folder;
        while (!stopped.get()) {
            sleep(settings.noopPollInterval());
            if (!stopped.get()) {
                keepAliveOrThrow(f);
            }
        }
    }

    /** Ends the running IDLE (Angus sends DONE first) and sends the keep-alive command. */
    private void keepAlive(IMAPFolder f) {
        try {
            keepAliveOrThrow(f);
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("keep-alive on {} of account {} failed: {}", folderId, context.accountId(), e.toString());
        }
    }

    private void keepAliveOrThrow(IMAPFolder f) throws MessagingException {
        f.doCommand(p -> {
            p.simpleCommand(settings.keepAliveCommand(), null);
            return null;
        });
        checkOpen(f);
    }

    private void checkOpen(IMAPFolder f) throws FolderClosedException {
        if (!f.isOpen()) { // not store.isConnected(): its NOOP needs a second connection while the folder holds ours
            throw new FolderClosedException(f, "connection closed by the server");
        }
    }

    private void disconnect() {
        IMAPStore s = store;
        store = null;
        folder = null;
        if (s != null) {
            try {
                s.close();
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("closing the IDLE connection of {} failed: {}", context.accountId(), e.toString());
            }
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.set(true);
        }
    }

    /** Ends IDLE and the connection; waits up to 5 s for the thread. Idempotent. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Thread t = thread;
        connector.idleThreads().newThread(this::disconnect).start(); // LOGOUT ends the IDLE from another thread
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
