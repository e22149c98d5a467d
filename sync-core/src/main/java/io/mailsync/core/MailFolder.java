package io.mailsync.core;

import java.util.Objects;

/**
 * A folder (Graph mail folder, IMAP mailbox, or Gmail's whole mailbox) as a provider lists it.
 *
 * @param id   the provider's identifier, used as the key of the folder's cursor
 * @param name the display name (IMAP: the full name with its hierarchy delimiter)
 * @param role what the folder is for
 */
public record MailFolder(FolderId id, String name, FolderRole role) {

    public MailFolder {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
