package io.mailsync.testkit.contract;

import io.mailsync.core.AccountId;
import io.mailsync.core.AttachmentSummary;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages, batches and cursors for the contract suites. Every instant has millisecond precision, so a store that
 * keeps microseconds (PostgreSQL {@code timestamptz}) round-trips them exactly.
 */
final class TestMessages {

    static final FolderId INBOX = FolderId.of("INBOX");
    static final FolderId ARCHIVE = FolderId.of("Archive");
    static final Instant RECEIVED = Instant.parse("2025-01-02T03:04:05.678Z");

    private TestMessages() {
    }

    /** A plain message: a subject, a Message-ID, a sender, no flags and no bodies. */
    static EmailMessage message(AccountId account, String id, FolderId folder) {
        return EmailMessage.builder(account, id)
                .folderId(folder)
                .internetMessageId(id + "@contract.mailsync.test")
                .from(EmailAddress.of("Sender", "sender@example.org"))
                .to(List.of(EmailAddress.of("recipient@example.org")))
                .subject("Subject of " + id)
                .receivedAt(RECEIVED)
                .size(1_024)
                .build();
    }

    /** {@code count} plain messages with ids {@code prefix-0 ... prefix-(count-1)}. */
    static List<EmailMessage> messages(AccountId account, FolderId folder, String prefix, int count) {
        List<EmailMessage> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(message(account, prefix + "-" + i, folder));
        }
        return list;
    }

    /**
     * A message with every field set: non-ASCII display names and subject (including characters outside the BMP),
     * quotes and commas in names, several recipients, attachments inline and not, repeated headers, both bodies.
     */
    static EmailMessage fullMessage(AccountId account, String id, FolderId folder) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("received", List.of("from mx1.example.org by mx2.example.org", "from client by mx1.example.org"));
        headers.put("list-id", List.of("<team.example.org>"));
        headers.put("x-custom", List.of("valeur accentuée: déjà vu ✓"));
        return EmailMessage.builder(account, id)
                .folderId(folder)
                .internetMessageId(id + ".full@contract.mailsync.test")
                .threadId("thread-" + id)
                .inReplyTo("parent@contract.mailsync.test")
                .references(List.of("root@contract.mailsync.test", "parent@contract.mailsync.test"))
                .from(EmailAddress.of("Zoë Ångström-Øberg", "zoe@example.org"))
                .to(List.of(EmailAddress.of("山田 太郎", "taro@example.jp"), EmailAddress.of("bob@example.com")))
                .cc(List.of(EmailAddress.of("Ελένη \"Lena\" Παππά", "eleni@example.gr")))
                .bcc(List.of(EmailAddress.of("Илья Ильич", "ilya@example.ru")))
                .replyTo(List.of(EmailAddress.of("Support, Team", "support@example.org")))
                .subject("Réunion : budget 2025 ✓ 📎")
                .snippet("Bonjour à tous, voici l’ordre du jour…")
                .sentAt(Instant.parse("2025-03-14T09:26:53.589Z"))
                .receivedAt(Instant.parse("2025-03-14T09:27:01.123Z"))
                .flags(Set.of("\\Seen", "\\Flagged", "$Work", "IMPORTANT"))
                .size(48_213)
                .attachments(List.of(
                        new AttachmentSummary("Übersicht Q1 – 2025.pdf", "application/pdf", 40_960, false),
                        new AttachmentSummary("logo.png", "image/png", 2_048, true),
                        new AttachmentSummary("", "application/octet-stream", -1, false)))
                .textBody("Bonjour,\r\n\r\nvoici l’ordre du jour.\r\n-- \r\nZoë 😀")
                .htmlBody("<p>Bonjour,</p><p>voici l’ordre du jour.</p><img src=\"cid:logo\">")
                .headers(headers)
                .build();
    }

    /** A message with only the required fields: no Message-ID, sender, date, bodies, flags or attachments. */
    static EmailMessage minimalMessage(AccountId account, String id, FolderId folder) {
        return EmailMessage.builder(account, id).folderId(folder).receivedAt(RECEIVED).build();
    }

    /** A cursor of {@code folder} at {@code position}. */
    static SyncCursor cursor(FolderId folder, String position) {
        return SyncCursor.of(folder, SyncCursor.Phase.INCREMENTAL, Map.of("position", position));
    }

    /** A builder of a batch of {@code folder} whose next cursor is at position 1. */
    static ChangeBatch.Builder batch(AccountId account, FolderId folder) {
        return ChangeBatch.builder(account, folder, cursor(folder, "1"));
    }

    /** A batch upserting {@code messages} (all of {@code account}) into {@code folder}. */
    static ChangeBatch upserting(AccountId account, FolderId folder, List<EmailMessage> messages) {
        return batch(account, folder).upserts(messages).build();
    }

    /** A batch upserting {@code messages}, read from the folder of the first one. */
    static ChangeBatch upserting(EmailMessage first, EmailMessage... more) {
        List<EmailMessage> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(more));
        return upserting(first.accountId(), first.folderId(), all);
    }

    /** The provider ids of {@code messages}. */
    static Set<String> ids(List<EmailMessage> messages) {
        Set<String> ids = new LinkedHashSet<>();
        messages.forEach(m -> ids.add(m.providerMessageId()));
        return ids;
    }
}
