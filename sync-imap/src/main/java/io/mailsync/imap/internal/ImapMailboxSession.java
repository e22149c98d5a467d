package io.mailsync.imap.internal;

import io.mailsync.core.ChangeBatch;
import io.mailsync.core.MailFolder;
import io.mailsync.core.MailSyncException;
import io.mailsync.core.ProviderUnavailableException;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.FetchRequest;
import io.mailsync.core.spi.MailboxSession;
import io.mailsync.core.spi.PushRegistration;
import io.mailsync.core.spi.PushTarget;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.event.MailEvent;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.ResyncData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One account's IMAP session: one connection, opened on first use, with at most one folder open (read-only) at a
 * time. During a historical round the next page is read ahead on that connection by a background thread while the
 * engine stores the current one ({@link PagePrefetch}); every other use of the connection waits for it first. Any connection failure closes everything; the engine then opens a fresh session and retries from the stored
 * cursor. A connection unused for {@code syncConnectionIdleTimeout} is closed ({@link UnusedConnectionRelease}) and
 * the next call opens another. Used by one thread at a time (the engine's contract).
 */
public final class ImapMailboxSession implements MailboxSession, ImapFolderAccess {

    private static final Logger LOG = LoggerFactory.getLogger(ImapMailboxSession.class);

    private final AccountContext context;
    private final ImapSettings settings;
    private final ImapConnector connector;
    private final HistoricalRound round;
    private final UnusedConnectionRelease release;
    private IMAPStore store;
    private IMAPFolder open;
    /** The capabilities this session asks about, read at connect before any folder takes the connection. */
    private Set<String> capabilities = Set.of();

    public ImapMailboxSession(AccountContext context, ImapSettings settings, ImapConnector connector) {
        this.context = context;
        this.settings = settings;
        this.connector = connector;
        this.round = new HistoricalRound(new PagePrefetch(connector.workerThreads()));
        this.release = new UnusedConnectionRelease(settings.syncConnectionIdleTimeout(), connector.scheduler(),
                connector.idleThreads(), this::releaseConnection);
    }

    @Override
    public List<MailFolder> folders() {
        return release.during(this::listFolders);
    }

    private List<MailFolder> listFolders() {
        round.discardPrefetch();
        closeFolder(); // LIST on the connection an open folder holds would make Angus open a second one
        try {
            return FolderLister.list(store(), settings);
        } catch (MessagingException | IllegalStateException e) {
            throw fail("listing folders", e);
        }
    }

    @Override
    public ChangeBatch fetchChanges(FetchRequest request) {
        return release.during(() -> fetch(request));
    }

    private ChangeBatch fetch(FetchRequest request) {
        int pageSize = Math.min(request.pageSize(), settings.maxPageSize());
        try {
            boolean incremental = request.cursor().map(c -> c.isIncremental()).orElse(false);
            if (incremental) {
                round.discardPrefetch();
                return IncrementalSync.next(this, context.accountId(), request, pageSize, settings.bodyMaxBytes());
            }
            return round.next(this, context.accountId(), request, pageSize, settings.bodyMaxBytes());
        } catch (MessagingException | IllegalStateException e) {
            throw fail("reading folder " + request.folderId(), e);
        } catch (MailSyncException e) {
            if (e instanceof ProviderUnavailableException) {
                close();
            }
            throw e;
        }
    }

    @Override
    public Optional<PushRegistration> startPush(PushTarget pushTarget) {
        return Optional.of(ImapPush.start(context, settings, connector));
    }

    // ---------------------------------------------------------------- ImapFolderAccess

    @Override
    public IMAPFolder openForRound(String name) throws MessagingException {
        if (open != null && open.isOpen() && open.getFullName().equals(name)) {
            return open;
        }
        closeFolder();
        IMAPFolder f = (IMAPFolder) store().getFolder(name);
        f.open(Folder.READ_ONLY, condstore() ? ResyncData.CONDSTORE : null);
        open = f;
        return f;
    }

    @Override
    public Opened openForIncremental(String name, long uidValidity, long modSeq) throws MessagingException {
        closeFolder();
        IMAPFolder f = (IMAPFolder) store().getFolder(name);
        ResyncData rd = null;
        if (qresync() && uidValidity > 0 && modSeq > 0) {
            rd = new ResyncData(uidValidity, modSeq);
        } else if (condstore()) {
            rd = ResyncData.CONDSTORE;
        }
        List<MailEvent> events = f.open(Folder.READ_ONLY, rd);
        open = f;
        return new Opened(f, events == null ? List.of() : events);
    }

    @Override
    public boolean condstore() {
        store();
        return settings.useCondstore() && (capabilities.contains("CONDSTORE") || capabilities.contains("QRESYNC"));
    }

    @Override
    public IMAPFolder reopen(String name) throws MessagingException {
        closeQuietly();
        IMAPFolder f = (IMAPFolder) store().getFolder(name);
        f.open(Folder.READ_ONLY);
        open = f;
        return f;
    }

    @Override
    public FetchHealth health() {
        return connector.health();
    }

    @Override
    public boolean qresync() {
        store();
        return settings.useCondstore() && capabilities.contains("QRESYNC");
    }

    @Override
    public Optional<String> stableIdAttribute() {
        store();
        return StableIds.attribute(settings, capabilities::contains);
    }

    // ---------------------------------------------------------------- connection

    /**
     * The connection, opened when there is none. Angus' store commands ({@code isConnected}'s NOOP,
     * {@code hasCapability}, LIST) need a connection no folder holds: with a folder open on the only one they open a
     * second. So capabilities are read once at connect, and a connection with its folder open counts as connected
     * (if it dropped, the next folder command fails and the engine retries on a new session).
     */
    private IMAPStore store() {
        IMAPFolder f = open;
        boolean connected = store != null && (f != null && f.isOpen() || store.isConnected());
        if (!connected) {
            closeQuietly();
            IMAPStore s = connector.connect(context);
            store = s;
            capabilities = capabilities(s);
        }
        return store;
    }

    private static Set<String> capabilities(IMAPStore s) {
        Set<String> found = new HashSet<>();
        for (String c : List.of("CONDSTORE", "QRESYNC", "OBJECTID", "X-GM-EXT-1")) {
            try {
                if (s.hasCapability(c)) {
                    found.add(c);
                }
            } catch (MessagingException e) {
                LOG.debug("capability {} unreadable: {}", c, e.toString());
            }
        }
        return found;
    }

    private MailSyncException fail(String doing, Exception e) {
        close();
        return ImapErrors.translate(context.accountId(), doing, e);
    }

    private void closeFolder() {
        IMAPFolder f = open;
        open = null;
        round.forget();
        if (f != null && f.isOpen()) {
            try {
                f.close(false); // CLOSE without expunge; the folder is read-only anyway
            } catch (MessagingException | IllegalStateException e) {
                LOG.debug("closing folder {} failed: {}", f.getFullName(), e.toString());
            }
        }
    }

    private void closeQuietly() {
        closeFolder();
        IMAPStore s = store;
        store = null;
        if (s != null) {
            try {
                s.close();
            } catch (MessagingException e) {
                LOG.debug("closing the IMAP connection of {} failed: {}", context.accountId(), e.toString());
            }
        }
    }

    /** Logs out and releases the connection. Idempotent. */
    @Override
    public void close() {
        release.stop();
        releaseConnection();
    }

    /** Closes the connection (the next use opens another); the read ahead ends first. */
    private void releaseConnection() {
        round.discardPrefetch(); // the read ahead ends before its connection closes
        closeQuietly();
    }
}
