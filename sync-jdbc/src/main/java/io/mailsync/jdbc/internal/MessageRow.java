package io.mailsync.jdbc.internal;

/**
 * One {@code email_index} row as the set-based upsert binds it: text, JSON text, a PostgreSQL array literal for the flags and epoch microseconds, already
 * cleaned ({@link Text#clean}) and validated. Not a public type.
 */
public record MessageRow(
        String providerMessageId,
        String folderId,
        String messageId,
        String threadId,
        String inReplyTo,
        String referencesJson,
        String fromJson,
        String toJson,
        String ccJson,
        String bccJson,
        String replyToJson,
        String subject,
        String snippet,
        Long sentAtMicros,
        long receivedAtMicros,
        String flagsLiteral,
        long size,
        String attachmentsJson,
        boolean hasAttachments,
        String textBody,
        String htmlBody,
        String headersJson,
        String contentHashHex) {
}
