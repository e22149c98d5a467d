package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.jdbc.internal.MessageRow;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Rows of {@code email_index} in PostgreSQL's {@code COPY ... FROM STDIN} text format: the benchmarks' baselines. */
final class CopyText {

    private CopyText() {
    }

    /** Appends one row (tab-separated columns in {@code email_index} order, {@code \N} for null, one line). */
    static void appendRow(StringBuilder sb, AccountId account, MessageRow r) {
        Object[] values = {account.value(), r.providerMessageId(), r.folderId(), r.messageId(), r.threadId(),
            r.inReplyTo(), r.referencesJson(), r.fromJson(), r.toJson(), r.ccJson(), r.bccJson(), r.replyToJson(),
            r.subject(), r.snippet(), timestamp(r.sentAtMicros()), timestamp(r.receivedAtMicros()),
            r.flagsLiteral(), r.size(), r.attachmentsJson(), r.hasAttachments(), r.textBody(), r.htmlBody(),
            r.headersJson(), "\\x" + r.contentHashHex()};
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append('\t');
            }
            if (values[i] == null) {
                sb.append("\\N");
            } else {
                escape(sb, values[i].toString());
            }
        }
        sb.append('\n');
    }

    private static String timestamp(Long micros) {
        return micros == null ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS).toString();
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
    }
}
