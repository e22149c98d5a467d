package io.mailsync.imap.internal;

import io.mailsync.core.SyncCursor;
import jakarta.mail.MessagingException;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;

/**
 * The next page of a historical round, read on the session's own connection by a background thread while the engine
 * stores the current page, so the server, the protocol parser and the store work at the same time. At most one read
 * is in flight per session; it is keyed by the cursor the current page returned, and used only when the engine asks
 * for exactly that cursor. Whoever touches the session's connection next first {@linkplain #discard() waits for it}
 * (Angus' protocol is one command at a time). A failed read is thrown by {@link #take} as if it had run there and
 * then. Not thread-safe: the session's single caller starts, takes and discards.
 */
final class PagePrefetch {

    private final ThreadFactory threads;
    private SyncCursor key;
    private long[] keyUids;
    private FutureTask<PageReader.Page> task;

    PagePrefetch(ThreadFactory threads) {
        this.threads = threads;
    }

    /** Starts reading the page of {@code uids} that the engine will ask for with {@code cursor}. */
    void start(SyncCursor cursor, long[] uids, Callable<PageReader.Page> read) {
        discard();
        FutureTask<PageReader.Page> t = new FutureTask<>(read);
        key = cursor;
        keyUids = uids.clone();
        task = t;
        threads.newThread(t).start();
    }

    /**
     * The page of {@code uids} read ahead for {@code cursor}, waiting for it; empty when none was read for these
     * (any other read ahead is waited for and dropped).
     *
     * @throws MessagingException the read's own failure
     */
    Optional<PageReader.Page> take(SyncCursor cursor, long[] uids) throws MessagingException {
        if (task == null) {
            return Optional.empty();
        }
        if (!cursor.equals(key) || !java.util.Arrays.equals(uids, keyUids)) {
            discard();
            return Optional.empty();
        }
        FutureTask<PageReader.Page> t = task;
        task = null;
        key = null;
        keyUids = null;
        return Optional.of(await(t));
    }

    /** Waits for a read in flight to end, keeping its result for {@link #take}: the connection is then free. */
    void awaitQuietly() {
        FutureTask<PageReader.Page> t = task;
        if (t != null) {
            try {
                await(t);
            } catch (MessagingException | RuntimeException kept) {
                // thrown again by take() if the engine asks for this page
            }
        }
    }

    /** Waits for a read in flight and drops it (its failure too: the next command on the connection will show it). */
    void discard() {
        FutureTask<PageReader.Page> t = task;
        task = null;
        key = null;
        keyUids = null;
        if (t != null) {
            try {
                await(t);
            } catch (MessagingException | RuntimeException dropped) {
                // nobody asked for this page; a broken connection fails the next command instead
            }
        }
    }

    private static PageReader.Page await(FutureTask<PageReader.Page> t) throws MessagingException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return t.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the connection is busy until the read ends: wait for it, then re-interrupt
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MessagingException me) {
                throw me;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (CancellationException e) {
            throw new IllegalStateException("page read cancelled", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
