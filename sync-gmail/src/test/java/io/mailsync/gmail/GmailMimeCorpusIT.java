package io.mailsync.gmail;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.testkit.gmail.FakeGmailMessage;
import io.mailsync.testkit.imap.SharedMimeCorpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.mailsync.gmail.GmailTestSupport.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real-world message of ../shared/corpus/mime, plus generated broken ones, inserted byte for byte in the Gmail
 * fake and synced with {@code format=raw} by the real engine: none stops the sync, each is stored with what could be
 * read.
 */
class GmailMimeCorpusIT {

    private static final Pattern SUBJECT = Pattern.compile("(?im)^Subject:[ \\t]*\\S");

    @Test
    void noCorpusMessageInRawFormatStopsTheSyncAndEachIsStored() throws Exception {
        Assumptions.assumeTrue(SharedMimeCorpus.directory().isPresent(), SharedMimeCorpus.SKIP_MESSAGE);
        List<byte[]> messages = new ArrayList<>();
        for (Path p : SharedMimeCorpus.messages()) {
            messages.add(Files.readAllBytes(p));
        }
        messages.addAll(broken());
        try (GmailTestSupport t = new GmailTestSupport(
                io.mailsync.testkit.gmail.GmailFake.builder().quota(1_000_000, java.time.Duration.ofSeconds(1)).build(),
                p -> p.quota(new GmailQuota(1_000_000, 1_000_000, 5)).format(GmailMessageFormat.RAW), b -> { })) {
            Map<String, byte[]> byId = new HashMap<>();
            for (byte[] m : messages) {
                byId.put(t.mailbox.insert(FakeGmailMessage.raw(m, Set.of("INBOX"))), m);
            }
            t.mailSync.registerAccount(GmailTestSupport.options());

            SyncReport report = t.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get();

            assertThat(report.isSuccess()).as(report.toString()).isTrue();
            assertThat(t.storedIds()).isEqualTo(byId.keySet()).hasSize(messages.size());
            int withSubject = 0;
            int subjectKept = 0;
            int withBody = 0;
            int attachments = 0;
            for (EmailMessage stored : t.store.messages(ALICE)) {
                withBody += stored.textBody().isPresent() || stored.htmlBody().isPresent() ? 1 : 0;
                attachments += stored.attachments().size();
                String head = headerBlock(byId.get(stored.providerMessageId()));
                if (SUBJECT.matcher(head).find()) {
                    withSubject++;
                    subjectKept += stored.subject().isBlank() ? 0 : 1;
                }
            }
            System.out.printf("Gmail raw corpus: %d messages stored, %d of %d subjects read, %d with a text or html "
                    + "body, %d attachments summarised%n", messages.size(), subjectKept, withSubject, withBody, attachments);
            assertThat(subjectKept).as("subjects read from the raw header blocks").isEqualTo(withSubject);
        }
    }

    private static String headerBlock(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        end = end < 0 ? s.indexOf("\n\n") : end;
        return end < 0 ? s : s.substring(0, end);
    }

    /** Messages broken in the ways mail in the wild is. */
    private static List<byte[]> broken() {
        List<String> m = List.of(
                "Subject: no body separator",
                "Subject: bad base64\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64***",
                "Subject: unknown charset\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\nhi",
                "Subject: =?UTF-8?B?not-really-base64?=\r\n\r\nbody",
                "Subject: unclosed multipart\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n"
                        + "Content-Type: text/plain\r\n\r\ntruncated",
                "Subject: bare LF\nFrom: a@example.com\n\nbody with bare LF\n",
                "Subject: 8-bit \u00e9t\u00e9 header\r\n\r\nx",
                "Subject: nul \u0000 byte\r\n\r\nx\u0000y",
                "From: <<<>>>\r\nTo: ,,,@\r\nDate: 99 Foo 20000 25:61:61\r\nSubject: garbage addresses\r\n\r\nx");
        return m.stream().map(s -> s.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }
}
