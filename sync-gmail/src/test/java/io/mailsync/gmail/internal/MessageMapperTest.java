package io.mailsync.gmail.internal;

import com.google.api.services.gmail.model.Message;
import com.google.api.services.gmail.model.MessagePart;
import com.google.api.services.gmail.model.MessagePartBody;
import com.google.api.services.gmail.model.MessagePartHeader;
import io.mailsync.core.AccountId;
import io.mailsync.core.AttachmentSummary;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Gmail API messages (metadata, full, raw, minimal) as mailsync stores them. */
class MessageMapperTest {

    private static final AccountId ACCOUNT = AccountId.of("alice");

    @Test
    void labelsBecomeFlagsAndTheMessageLivesInTheMailboxFolderAndItsThread() {
        Message m = new Message().setId("m1").setThreadId("t9").setLabelIds(List.of("INBOX", "UNREAD", "Label_12"))
                .setInternalDate(1_700_000_000_123L).setSizeEstimate(4321).setSnippet("Tom &amp; Jerry&#39;s &lt;b&gt;");

        EmailMessage e = MessageMapper.map(ACCOUNT, m);

        assertThat(e.providerMessageId()).isEqualTo("m1");
        assertThat(e.folderId()).isEqualTo(FolderId.MAILBOX);
        assertThat(e.flags()).containsExactlyInAnyOrder("INBOX", "UNREAD", "Label_12");
        assertThat(e.threadId()).contains("t9");
        assertThat(e.receivedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(e.size()).isEqualTo(4321);
        assertThat(e.snippet()).isEqualTo("Tom & Jerry's <b>");
    }

    @Test
    void minimalMessageWithoutLabelsOrDatesStillMaps() {
        EmailMessage e = MessageMapper.map(ACCOUNT, new Message().setId("m2"));
        assertThat(e.flags()).isEmpty();
        assertThat(e.receivedAt()).isEqualTo(Instant.EPOCH);
        assertThat(e.size()).isEqualTo(-1);
        assertThat(e.subject()).isEmpty();
        assertThat(e.from()).isEmpty();
    }

    @Test
    void metadataHeadersFillAddressesSubjectDateAndThreadingIds() {
        Message m = new Message().setId("m3").setPayload(new MessagePart().setMimeType("text/plain").setHeaders(List.of(
                header("From", "\"Doe, Jane\" <jane@example.com>"),
                header("To", "alice@example.com, Bob <bob@example.com>"),
                header("Cc", "=?UTF-8?Q?Ren=C3=A9?= <rene@example.com>"),
                header("Subject", "=?UTF-8?B?SMOpbGxv?= world"),
                header("Date", "Tue, 14 Nov 2023 22:13:20 +0000 (UTC)"),
                header("Message-ID", "<abc@example.com>"),
                header("In-Reply-To", "<parent@example.com>"),
                header("References", "<root@example.com> <parent@example.com>"),
                header("X-Spam-Score", "3"))));

        EmailMessage e = MessageMapper.map(ACCOUNT, m);

        assertThat(e.from()).contains(EmailAddress.of("Doe, Jane", "jane@example.com"));
        assertThat(e.to()).extracting(EmailAddress::address).containsExactly("alice@example.com", "bob@example.com");
        assertThat(e.cc()).containsExactly(EmailAddress.of("René", "rene@example.com"));
        assertThat(e.subject()).isEqualTo("Héllo world");
        assertThat(e.sentAt()).contains(Instant.parse("2023-11-14T22:13:20Z"));
        assertThat(e.internetMessageId()).contains("abc@example.com");
        assertThat(e.inReplyTo()).contains("parent@example.com");
        assertThat(e.references()).containsExactly("root@example.com", "parent@example.com");
        assertThat(e.header("Subject")).containsExactly("Héllo world");
        assertThat(e.headers()).doesNotContainKey("x-spam-score");
    }

    @Test
    void unparsableDateIsLeftOutInsteadOfFailingTheMessage() {
        Message m = new Message().setId("m4").setPayload(new MessagePart().setHeaders(List.of(
                header("Date", "yesterday-ish"), header("From", "not an address at all"))));
        EmailMessage e = MessageMapper.map(ACCOUNT, m);
        assertThat(e.sentAt()).isEmpty();
    }

    @Test
    void fullFormatGivesTextAndHtmlBodiesAndAttachmentSummaries() {
        MessagePart alternative = new MessagePart().setMimeType("multipart/alternative").setParts(List.of(
                body("text/plain", "Hello, plain ✓"), body("text/html", "<p>Hello, html</p>")));
        MessagePart attachment = new MessagePart().setMimeType("application/pdf").setFilename("report.pdf")
                .setBody(new MessagePartBody().setAttachmentId("att-1").setSize(2048));
        Message m = new Message().setId("m5").setPayload(new MessagePart().setMimeType("multipart/mixed")
                .setHeaders(List.of(header("Subject", "with parts"))).setParts(List.of(alternative, attachment)));

        EmailMessage e = MessageMapper.map(ACCOUNT, m);

        assertThat(e.textBody()).contains("Hello, plain ✓");
        assertThat(e.htmlBody()).contains("<p>Hello, html</p>");
        assertThat(e.attachments()).containsExactly(new AttachmentSummary("report.pdf", "application/pdf", 2048, false));
        assertThat(e.hasAttachments()).isTrue();
    }

    @Test
    void metadataFormatHasNoBodies() {
        Message m = new Message().setId("m6").setPayload(new MessagePart().setMimeType("multipart/alternative")
                .setHeaders(List.of(header("Subject", "s"))));
        EmailMessage e = MessageMapper.map(ACCOUNT, m);
        assertThat(e.textBody()).isEmpty();
        assertThat(e.htmlBody()).isEmpty();
    }

    @Test
    void rawFormatIsParsedForHeadersAndASingleQuotedPrintableBody() {
        String raw = "From: Jane <jane@example.com>\r\nSubject: =?ISO-8859-1?Q?caf=E9?=\r\n"
                + "Message-ID: <raw@example.com>\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 au =\r\nlait\r\n";
        Message m = new Message().setId("m7").setThreadId("m7").setLabelIds(List.of("INBOX")).setRaw(base64url(raw));

        EmailMessage e = MessageMapper.map(ACCOUNT, m);

        assertThat(e.subject()).isEqualTo("café");
        assertThat(e.from()).contains(EmailAddress.of("Jane", "jane@example.com"));
        assertThat(e.internetMessageId()).contains("raw@example.com");
        assertThat(e.textBody()).contains("Café au lait\r\n");
        assertThat(e.flags()).containsExactly("INBOX");
    }

    @Test
    void rawMultipartGivesBodiesFromNestedPartsAndAttachmentSummaries() {
        String raw = "Subject: nested\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
                + "preamble\r\n--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n"
                + "--inner\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString("plain ✓".getBytes(StandardCharsets.UTF_8)) + "\r\n"
                + "--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<b>html</b>\r\n--inner--\r\n"
                + "--outer\r\nContent-Type: image/png\r\nContent-Disposition: inline; filename=logo.png\r\n"
                + "Content-ID: <logo>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
                + "--outer\r\nContent-Type: application/pdf\r\n"
                + "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--outer--\r\nepilogue\r\n";

        EmailMessage e = MessageMapper.map(ACCOUNT, new Message().setId("m9").setRaw(base64url(raw)));

        assertThat(e.subject()).isEqualTo("nested");
        assertThat(e.textBody()).contains("plain ✓");
        assertThat(e.htmlBody()).contains("<b>html</b>");
        assertThat(e.attachments()).extracting(AttachmentSummary::filename, AttachmentSummary::contentType,
                AttachmentSummary::inline).containsExactly(org.assertj.core.groups.Tuple.tuple("logo.png", "image/png", true),
                org.assertj.core.groups.Tuple.tuple("résumé.pdf", "application/pdf", false));
        assertThat(e.hasAttachments()).isTrue();
    }

    @Test
    void rawTruncatedMultipartKeepsThePartsBeforeTheCut() {
        String raw = "Subject: cut\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain\r\n\r\nfirst part\r\n--b\r\nContent-Type: application/zip; name=a.zip\r\n\r\nPK";
        EmailMessage e = MessageMapper.map(ACCOUNT, new Message().setId("m10").setRaw(base64url(raw)));
        assertThat(e.textBody()).contains("first part");
        assertThat(e.attachments()).extracting(AttachmentSummary::filename).containsExactly("a.zip");
    }

    @Test
    void rawFoldedHeadersAreUnfolded() {
        String raw = "Subject: a long\r\n  folded subject\r\nTo: a@example.com,\r\n\tb@example.com\r\n\r\nbody";
        EmailMessage e = MessageMapper.map(ACCOUNT, new Message().setId("m8").setRaw(base64url(raw)));
        assertThat(e.subject()).isEqualTo("a long folded subject");
        assertThat(e.to()).extracting(EmailAddress::address).containsExactly("a@example.com", "b@example.com");
    }

    @Test
    void brokenRawMimeIsStoredWithWhatCouldBeRead() {
        List<String> broken = new ArrayList<>(List.of(
                "", // empty
                "no header block at all, just text",
                "Subject: only a header", // no body separator
                "Subject: bad base64\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64***",
                "Subject: bad charset\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nhi",
                "Subject: =?UTF-8?B?broken-encoded-word?=\r\n\r\nx",
                "Content-Type: multipart/mixed; boundary=\"never-closed\"\r\nSubject: open multipart\r\n\r\n"
                        + "--never-closed\r\nContent-Type: text/plain\r\n\r\ntruncated"));
        for (String raw : broken) {
            EmailMessage e = MessageMapper.map(ACCOUNT, new Message().setId("b").setRaw(base64url(raw)));
            assertThat(e.providerMessageId()).isEqualTo("b");
        }
        EmailMessage garbage = MessageMapper.map(ACCOUNT, new Message().setId("g").setRaw("%%% not base64 %%%"));
        assertThat(garbage.subject()).isEmpty();
    }

    private static MessagePartHeader header(String name, String value) {
        return new MessagePartHeader().setName(name).setValue(value);
    }

    private static MessagePart body(String type, String text) {
        return new MessagePart().setMimeType(type).setFilename("")
                .setBody(new MessagePartBody().setData(base64url(text)).setSize(text.length()));
    }

    private static String base64url(String s) {
        return Base64.getUrlEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
