package io.mailsync.imap.internal;

import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.MailFolder;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lists an account's selectable folders and gives each its role: from RFC 6154 special-use attributes
 * ({@code \Sent}, {@code \Trash}, {@code \All}...) first, and from well-known names only for roles no folder
 * declares (servers without SPECIAL-USE). Stateless.
 */
final class FolderLister {

    private static final Map<String, FolderRole> ATTRIBUTES = Map.of(
            "\\sent", FolderRole.SENT, "\\drafts", FolderRole.DRAFTS, "\\trash", FolderRole.TRASH,
            "\\junk", FolderRole.JUNK, "\\archive", FolderRole.ARCHIVE, "\\all", FolderRole.ALL_MAIL,
            "\\flagged", FolderRole.FLAGGED, "\\important", FolderRole.IMPORTANT);
    private static final Map<String, FolderRole> NAMES = Map.ofEntries(
            Map.entry("sent", FolderRole.SENT), Map.entry("sent items", FolderRole.SENT),
            Map.entry("sent mail", FolderRole.SENT), Map.entry("sent messages", FolderRole.SENT),
            Map.entry("drafts", FolderRole.DRAFTS), Map.entry("draft", FolderRole.DRAFTS),
            Map.entry("trash", FolderRole.TRASH), Map.entry("deleted items", FolderRole.TRASH),
            Map.entry("deleted messages", FolderRole.TRASH), Map.entry("bin", FolderRole.TRASH),
            Map.entry("junk", FolderRole.JUNK), Map.entry("spam", FolderRole.JUNK),
            Map.entry("junk e-mail", FolderRole.JUNK), Map.entry("junk email", FolderRole.JUNK),
            Map.entry("archive", FolderRole.ARCHIVE), Map.entry("archives", FolderRole.ARCHIVE),
            Map.entry("all mail", FolderRole.ALL_MAIL));

    private FolderLister() {
    }

    /** The folders to sync, INBOX first, filtered by the settings' include list and excluded roles. */
    static List<MailFolder> list(IMAPStore store, ImapSettings settings) throws MessagingException {
        Folder[] all = store.getDefaultFolder().list("*");
        List<IMAPFolder> selectable = new ArrayList<>();
        for (Folder f : all) {
            if (f instanceof IMAPFolder imap && isSelectable(imap)) {
                selectable.add(imap);
            }
        }
        Set<FolderRole> declared = EnumSet.noneOf(FolderRole.class);
        for (IMAPFolder f : selectable) {
            FolderRole r = byAttribute(f.getAttributes());
            if (r != null) {
                declared.add(r);
            }
        }
        List<MailFolder> folders = new ArrayList<>();
        for (IMAPFolder f : selectable) {
            String name = f.getFullName();
            FolderRole role = role(name, f.getSeparator(), f.getAttributes(), declared);
            boolean included = settings.includeFolders().isEmpty() || settings.includeFolders().contains(name);
            if (included && !settings.excludeRoles().contains(role)) {
                folders.add(new MailFolder(FolderId.of(name), name, role));
            }
        }
        folders.sort((a, b) -> Boolean.compare(b.role() == FolderRole.INBOX, a.role() == FolderRole.INBOX));
        return folders;
    }

    static FolderRole role(String fullName, char separator, String[] attributes, Set<FolderRole> declared) {
        if (fullName.equalsIgnoreCase("INBOX")) {
            return FolderRole.INBOX;
        }
        FolderRole byAttribute = byAttribute(attributes);
        if (byAttribute != null) {
            return byAttribute;
        }
        int cut = separator == 0 ? -1 : fullName.lastIndexOf(separator);
        String leaf = fullName.substring(cut + 1).toLowerCase(Locale.ROOT).strip();
        FolderRole byName = NAMES.get(leaf);
        return byName != null && !declared.contains(byName) ? byName : FolderRole.OTHER;
    }

    private static FolderRole byAttribute(String[] attributes) {
        if (attributes != null) {
            for (String a : attributes) {
                FolderRole r = ATTRIBUTES.get(a.toLowerCase(Locale.ROOT));
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static boolean isSelectable(IMAPFolder f) throws MessagingException {
        for (String a : f.getAttributes()) {
            if (a.equalsIgnoreCase("\\Noselect") || a.equalsIgnoreCase("\\NonExistent")) {
                return false;
            }
        }
        return (f.getType() & Folder.HOLDS_MESSAGES) != 0;
    }
}
