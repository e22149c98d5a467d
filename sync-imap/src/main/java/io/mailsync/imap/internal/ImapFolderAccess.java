package io.mailsync.imap.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.event.MailEvent;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.util.List;
import java.util.Optional;

/** How the sync steps get an open, read-only folder from their session. */
interface ImapFolderAccess {

    /** The folder opened read-only ({@code EXAMINE}, with CONDSTORE when used), reusing it when already open. */
    IMAPFolder openForRound(String name) throws MessagingException;

    /**
     * The folder freshly opened read-only; with QRESYNC data when {@code uidValidity} and {@code modSeq} are given
     * and the server has QRESYNC.
     */
    Opened openForIncremental(String name, long uidValidity, long modSeq) throws MessagingException;

    /** Whether CONDSTORE is used on this connection. */
    boolean condstore();

    /** Drops the connection and opens the folder read-only on a new one (after a fetch broke the old one). */
    IMAPFolder reopen(String name) throws MessagingException;

    /** What the provider knows about messages that break fetches. */
    FetchHealth health();

    /** Whether QRESYNC is used on this connection. */
    boolean qresync();

    /** The FETCH attribute giving stable message ids on this server ({@link StableIds#attribute}), if any. */
    Optional<String> stableIdAttribute();

    /** A folder and the events its opening produced (QRESYNC {@code VANISHED (EARLIER)}). */
    record Opened(IMAPFolder folder, List<MailEvent> events) {
    }
}
