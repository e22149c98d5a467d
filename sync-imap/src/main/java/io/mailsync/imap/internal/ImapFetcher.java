package io.mailsync.imap.internal;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Bulk {@code UID FETCH} and {@code UID SEARCH} on an open folder, one round trip per call, with the results kept
 * out of Angus' message cache (so a 100,000-message folder does not stay in memory). Every fetch of content uses
 * {@code BODY.PEEK}. Unsolicited responses (EXISTS, EXPUNGE, VANISHED) still reach the folder. Stateless.
 */
final class ImapFetcher {

    /** The headers the model needs beyond the envelope (Message-ID and In-Reply-To too: some servers leave them out of it). */
    static final String EXTRA_HEADERS = "Message-ID In-Reply-To References List-Id";
    private static final String META_ITEMS = "UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE "
            + "BODY.PEEK[HEADER.FIELDS (" + EXTRA_HEADERS + ")]";

    private ImapFetcher() {
    }

    /** What one metadata fetch returned for one message; {@code structure} or {@code envelope} may be null. */
    record Fetched(long uid, Set<String> flags, Date internalDate, long size, ENVELOPE envelope,
                   BODYSTRUCTURE structure, byte[] headers) {
    }

    /** The UIDs in {@code uidRange} ({@code 1:500}), ascending. */
    static long[] searchUids(IMAPFolder folder, String uidRange) throws MessagingException {
        return (long[]) folder.doCommand(p -> {
            Response[] r = p.command("UID SEARCH UID " + uidRange, null);
            long[] uids = new long[64];
            int n = 0;
            for (int i = 0; i < r.length; i++) {
                if (r[i] instanceof IMAPResponse ir && ir.keyEquals("SEARCH")) {
                    for (long u; (u = ir.readLong()) != -1; ) {
                        if (n == uids.length) {
                            uids = Arrays.copyOf(uids, n * 2);
                        }
                        uids[n++] = u;
                    }
                    r[i] = null;
                }
            }
            finish(p, r);
            long[] result = Arrays.copyOf(uids, n);
            Arrays.sort(result);
            return result;
        });
    }

    /** Envelope, flags, dates, size, body structure and extra headers of the messages in {@code uidSet}. */
    static Map<Long, Fetched> fetchMetadata(IMAPFolder folder, String uidSet) throws MessagingException {
        return fetch(folder, uidSet, META_ITEMS);
    }

    /** Only flags, INTERNALDATE and size: for messages whose full fetch breaks the server. */
    static Map<Long, Fetched> fetchMinimal(IMAPFolder folder, String uidSet) throws MessagingException {
        return fetch(folder, uidSet, "UID FLAGS INTERNALDATE RFC822.SIZE");
    }

    private static Map<Long, Fetched> fetch(IMAPFolder folder, String uidSet, String items) throws MessagingException {
        @SuppressWarnings("unchecked")
        Map<Long, Fetched> result = (Map<Long, Fetched>) folder.doCommand(p -> {
            Response[] r = p.command("UID FETCH " + uidSet + " (" + items + ")", null);
            Map<Long, Fetched> fetched = new HashMap<>();
            for (int i = 0; i < r.length; i++) {
                if (r[i] instanceof FetchResponse f) {
                    UID uid = f.getItem(UID.class);
                    if (uid != null) {
                        FLAGS flags = f.getItem(FLAGS.class);
                        INTERNALDATE date = f.getItem(INTERNALDATE.class);
                        RFC822SIZE size = f.getItem(RFC822SIZE.class);
                        BODY headers = f.getItem(BODY.class);
                        fetched.put(uid.uid, new Fetched(uid.uid, flags == null ? Set.of() : flagNames(flags),
                                date == null ? null : date.getDate(), size == null ? -1 : size.size,
                                f.getItem(ENVELOPE.class), f.getItem(BODYSTRUCTURE.class),
                                headers == null ? new byte[0] : bytes(headers)));
                    }
                    r[i] = null;
                }
            }
            finish(p, r);
            return fetched;
        });
        return result;
    }

    /** The raw RFC 5322 bytes ({@code BODY.PEEK[]}) of the messages in {@code uidSet}. */
    static Map<Long, byte[]> fetchBodies(IMAPFolder folder, String uidSet) throws MessagingException {
        @SuppressWarnings("unchecked")
        Map<Long, byte[]> result = (Map<Long, byte[]>) folder.doCommand(p -> {
            Response[] r = p.command("UID FETCH " + uidSet + " (UID BODY.PEEK[])", null);
            Map<Long, byte[]> bodies = new HashMap<>();
            for (int i = 0; i < r.length; i++) {
                if (r[i] instanceof FetchResponse f) {
                    UID uid = f.getItem(UID.class);
                    BODY body = f.getItem(BODY.class);
                    if (uid != null && body != null) {
                        bodies.put(uid.uid, bytes(body));
                    }
                    r[i] = null;
                }
            }
            finish(p, r);
            return bodies;
        });
        return result;
    }

    /**
     * The given body sections ({@code BODY.PEEK[1.1]}, ...; {@code numbers} space-separated) of the messages in
     * {@code uidSet}, by UID and section number, still transfer-encoded.
     */
    static Map<Long, Map<String, byte[]>> fetchSections(IMAPFolder folder, String uidSet, String numbers)
            throws MessagingException {
        StringBuilder items = new StringBuilder("UID");
        for (String n : numbers.split(" ")) {
            items.append(" BODY.PEEK[").append(n).append(']');
        }
        @SuppressWarnings("unchecked")
        Map<Long, Map<String, byte[]>> result = (Map<Long, Map<String, byte[]>>) folder.doCommand(p -> {
            Response[] r = p.command("UID FETCH " + uidSet + " (" + items + ")", null);
            Map<Long, Map<String, byte[]>> sections = new HashMap<>();
            for (int i = 0; i < r.length; i++) {
                if (r[i] instanceof FetchResponse f) {
                    UID uid = f.getItem(UID.class);
                    if (uid != null) {
                        Map<String, byte[]> parts = sections.computeIfAbsent(uid.uid, k -> new HashMap<>());
                        for (int k = 0; k < f.getItemCount(); k++) {
                            if (f.getItem(k) instanceof BODY body && body.getSection() != null) {
                                parts.put(body.getSection(), bytes(body));
                            }
                        }
                    }
                    r[i] = null;
                }
            }
            finish(p, r);
            return sections;
        });
        return result;
    }

    /**
     * The flags of the messages in {@code uidSet}, by UID; with {@code changedSince > 0} only those whose MODSEQ is
     * higher ({@code CHANGEDSINCE}, RFC 7162).
     */
    static Map<Long, Set<String>> fetchFlags(IMAPFolder folder, String uidSet, long changedSince)
            throws MessagingException {
        @SuppressWarnings("unchecked")
        Map<Long, Set<String>> result = (Map<Long, Set<String>>) folder.doCommand(p -> {
            String modifier = changedSince > 0 ? " (CHANGEDSINCE " + changedSince + ")" : "";
            Response[] r = p.command("UID FETCH " + uidSet + " (UID FLAGS)" + modifier, null);
            Map<Long, Set<String>> flags = new HashMap<>();
            for (int i = 0; i < r.length; i++) {
                if (r[i] instanceof FetchResponse f) {
                    UID uid = f.getItem(UID.class);
                    FLAGS fl = f.getItem(FLAGS.class);
                    if (uid != null && fl != null) {
                        flags.put(uid.uid, flagNames(fl));
                    }
                    r[i] = null;
                }
            }
            finish(p, r);
            return flags;
        });
        return result;
    }

    /** Passes what we did not consume to the folder (EXISTS, EXPUNGE...) and fails on NO, BAD or BYE. */
    private static void finish(IMAPProtocol p, Response[] r) throws ProtocolException {
        Response last = r[r.length - 1];
        p.notifyResponseHandlers(r);
        p.handleResult(last);
    }

    private static byte[] bytes(BODY body) {
        var ba = body.getByteArray();
        return ba == null ? new byte[0] : Arrays.copyOfRange(ba.getBytes(), ba.getStart(), ba.getStart() + ba.getCount());
    }

    /** Flag names as IMAP spells them ({@code \Seen}, keywords as they are); {@code \Recent} is left out. */
    static Set<String> flagNames(Flags flags) {
        Set<String> names = new TreeSet<>();
        for (Flags.Flag f : flags.getSystemFlags()) {
            if (f == Flags.Flag.ANSWERED) {
                names.add("\\Answered");
            } else if (f == Flags.Flag.DELETED) {
                names.add("\\Deleted");
            } else if (f == Flags.Flag.DRAFT) {
                names.add("\\Draft");
            } else if (f == Flags.Flag.FLAGGED) {
                names.add("\\Flagged");
            } else if (f == Flags.Flag.SEEN) {
                names.add("\\Seen");
            }
        }
        names.addAll(Arrays.asList(flags.getUserFlags()));
        return names;
    }
}
