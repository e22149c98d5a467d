package io.mailsync.core;

/**
 * What a folder is for, from the provider's well-known names (Graph), system labels (Gmail) or
 * special-use attributes (IMAP, RFC 6154). Folders are never recognised by their display name alone.
 */
public enum FolderRole {
    INBOX, SENT, DRAFTS, TRASH, JUNK, ARCHIVE, ALL_MAIL, FLAGGED, IMPORTANT, OTHER
}
