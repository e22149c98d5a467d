package io.mailsync.imap;

import java.util.Objects;

/**
 * The provider message id of an IMAP message: {@code <folder full name>/<UIDVALIDITY>/<UID>}, for example
 * {@code INBOX/1795675048/42} or {@code [Gmail]/Sent Mail/6/1093}. Stable for as long as the folder's UIDVALIDITY
 * is; unique within an account. Parsed from the end, so folder names may contain {@code /}.
 *
 * @param folder      the folder's full name as the server spells it
 * @param uidValidity the folder's UIDVALIDITY when the message was read
 * @param uid         the message's UID
 */
public record ImapMessageId(String folder, long uidValidity, long uid) {

    public ImapMessageId {
        Objects.requireNonNull(folder, "folder");
        if (folder.isEmpty()) {
            throw new IllegalArgumentException("folder must not be empty");
        }
        if (uidValidity < 1 || uid < 1) {
            throw new IllegalArgumentException("uidValidity and uid must be >= 1, were " + uidValidity + ", " + uid);
        }
    }

    /**
     * Parses an id made by {@link #toString()}.
     *
     * @throws IllegalArgumentException when {@code id} is not an IMAP message id
     */
    public static ImapMessageId parse(String id) {
        int second = id.lastIndexOf('/');
        int first = second > 0 ? id.lastIndexOf('/', second - 1) : -1;
        if (first <= 0) {
            throw new IllegalArgumentException("not an IMAP message id (folder/uidvalidity/uid): " + id);
        }
        try {
            return new ImapMessageId(id.substring(0, first), Long.parseLong(id.substring(first + 1, second)),
                    Long.parseLong(id.substring(second + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IMAP message id (folder/uidvalidity/uid): " + id, e);
        }
    }

    /** {@code folder/uidValidity/uid}: the provider message id. */
    @Override
    public String toString() {
        return folder + '/' + uidValidity + '/' + uid;
    }
}
