package io.mailsync.imap.internal;

/**
 * The keys of an IMAP folder cursor ({@link io.mailsync.core.SyncCursor#state()}).
 *
 * <ul>
 *   <li>both phases: {@value #UID_VALIDITY}, {@value #KNOWN_UIDS} (the UIDs stored, as an IMAP sequence set, to find
 *       expunges on servers without QRESYNC)</li>
 *   <li>historical round: {@value #ROUND_TOP} (highest UID when the round started), {@value #NEXT_BELOW} (the next
 *       page takes UIDs below it, newest first), {@value #FETCHED}, {@value #LIMIT}, {@value #ROUND_MODSEQ}</li>
 *   <li>incremental: {@value #LAST_UID}, {@value #HIGHEST_MODSEQ} (absent without CONDSTORE)</li>
 *   <li>with a stable-id source: {@value #STABLE_ID_ATTRIBUTE} and {@value #STABLE_IDS} ({@link StableIdIndex}), to
 *       remap stored messages after a UIDVALIDITY change</li>
 * </ul>
 */
final class CursorKeys {
    static final String UID_VALIDITY = "uidValidity";
    static final String KNOWN_UIDS = "knownUids";
    static final String ROUND_TOP = "roundTop";
    static final String NEXT_BELOW = "nextBelow";
    static final String FETCHED = "fetched";
    static final String LIMIT = "limit";
    static final String ROUND_MODSEQ = "roundModSeq";
    static final String LAST_UID = "lastUid";
    static final String HIGHEST_MODSEQ = "highestModSeq";
    static final String STABLE_ID_ATTRIBUTE = "stableIdAttr";
    static final String STABLE_IDS = "stableIds";

    private CursorKeys() {
    }
}
