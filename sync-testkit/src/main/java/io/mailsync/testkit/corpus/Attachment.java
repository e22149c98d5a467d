package io.mailsync.testkit.corpus;

import io.mailsync.core.AttachmentSummary;
import java.util.Locale;

/**
 * A file a draft carries, with its content.
 *
 * @param filename    the decoded file name
 * @param contentType the MIME type without parameters
 * @param data        the decoded content
 * @param inline      whether the part is an inline image referenced from the HTML
 * @param contentId   the {@code Content-ID} without angle brackets; empty unless inline
 */
record Attachment(String filename, String contentType, byte[] data, boolean inline, String contentId) {

    /** A regular (not inline) attachment. */
    static Attachment of(String filename, String contentType, byte[] data) {
        return new Attachment(filename, contentType, data, false, "");
    }

    /** What a parser should report for this attachment; the size is the decoded size. */
    AttachmentSummary summary() {
        return new AttachmentSummary(filename, contentType.toLowerCase(Locale.ROOT), data.length, inline);
    }
}
