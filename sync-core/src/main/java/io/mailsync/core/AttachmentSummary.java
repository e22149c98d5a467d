package io.mailsync.core;

import java.util.Objects;

/**
 * What a message carries as an attachment, without its content.
 *
 * @param filename    the decoded file name; empty when the part has none
 * @param contentType the MIME type, lower case, without parameters ({@code application/pdf})
 * @param size        the size in bytes as the provider reports it (encoded size for IMAP), or -1 when unknown
 * @param inline      whether the part is inline (an embedded image) rather than a separate attachment
 */
public record AttachmentSummary(String filename, String contentType, long size, boolean inline) {

    public AttachmentSummary {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        if (size < -1) {
            throw new IllegalArgumentException("size must be >= -1, was " + size);
        }
    }
}
