package io.mailsync.imap.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the provider learned about messages that break a server's fetch (some servers drop the connection while
 * building the ENVELOPE or BODYSTRUCTURE of a malformed message). Kept across sessions, since the engine replaces the
 * session after each such failure: a page that failed once is then fetched message by message, and a message whose
 * own fetch fails is "poison" and afterwards read with flags, dates and size only. So one bad message costs a few
 * retries, never the folder. Thread-safe.
 */
final class FetchHealth {

    private final Set<String> failedPages = ConcurrentHashMap.newKeySet();
    private final Set<String> poison = ConcurrentHashMap.newKeySet();

    static String folderKey(String account, String folder, long uidValidity) {
        return account + '\u0000' + folder + '\u0000' + uidValidity;
    }

    void pageFailed(String folderKey, long firstUid) {
        failedPages.add(folderKey + '\u0000' + firstUid);
    }

    boolean pageFailedBefore(String folderKey, long firstUid) {
        return failedPages.contains(folderKey + '\u0000' + firstUid);
    }

    void poison(String folderKey, long uid) {
        poison.add(folderKey + '\u0000' + uid);
    }

    boolean isPoison(String folderKey, long uid) {
        return poison.contains(folderKey + '\u0000' + uid);
    }
}
