package io.mailsync.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailMessageTest {

    private static final AccountId ACCOUNT = AccountId.of("a1");

    @Test
    void toBuilderKeepsEveryField() {
        EmailMessage m = EmailMessage.builder(ACCOUNT, "p1").folderId(FolderId.of("INBOX"))
                .internetMessageId("x@y").threadId("t").inReplyTo("w@y").references(List.of("v@y", "w@y"))
                .from(EmailAddress.of("Zoë", "zoe@example.org")).to(List.of(EmailAddress.of("a@b.c")))
                .cc(List.of(EmailAddress.of("c@b.c"))).bcc(List.of(EmailAddress.of("d@b.c")))
                .replyTo(List.of(EmailAddress.of("r@b.c"))).subject("Grüße").snippet("hi")
                .sentAt(Instant.parse("2026-01-01T00:00:00Z")).receivedAt(Instant.parse("2026-01-01T00:00:05Z"))
                .flags(Set.of("\\Seen")).size(2048)
                .attachments(List.of(new AttachmentSummary("a.pdf", "application/pdf", 100, false)))
                .textBody("text").htmlBody("<p>html</p>").headers(Map.of("List-Unsubscribe", List.of("<mailto:u@x>")))
                .build();

        assertThat(m.toBuilder().build()).isEqualTo(m);
        assertThat(m.hasAttachments()).isTrue();
        assertThat(m.header("list-unsubscribe")).containsExactly("<mailto:u@x>");
        assertThat(m.withFlags(Set.of()).flags()).isEmpty();
    }

    @Test
    void toStringShowsNeitherAddressesNorBodies() {
        EmailMessage m = EmailMessage.builder(ACCOUNT, "p1").from(EmailAddress.of("secret@example.org"))
                .subject("Payroll").textBody("salary details").build();

        assertThat(m.toString()).contains("p1").doesNotContain("secret@example.org", "salary", "Payroll");
    }

    @Test
    void headerNamesAreMergedCaseInsensitively() {
        EmailMessage m = EmailMessage.builder(ACCOUNT, "p1")
                .headers(Map.of("Received", List.of("a"), "received", List.of("b"))).build();

        assertThat(m.header("RECEIVED")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void invalidValuesAreRejectedByName() {
        assertThatThrownBy(() -> EmailMessage.builder(ACCOUNT, " ").build())
                .hasMessage("providerMessageId must not be blank");
        assertThatThrownBy(() -> EmailMessage.builder(ACCOUNT, "p").size(-2).build())
                .hasMessage("size must be >= -1, was -2");
    }

    @Test
    void aBatchRefusesMessagesOfAnotherAccountAndACursorOfAnotherFolder() {
        SyncCursor inbox = SyncCursor.of(FolderId.of("INBOX"), SyncCursor.Phase.INCREMENTAL, Map.of());
        EmailMessage foreign = EmailMessage.builder(AccountId.of("other"), "p").folderId(FolderId.of("INBOX")).build();

        assertThatThrownBy(() -> ChangeBatch.builder(ACCOUNT, FolderId.of("INBOX"), inbox).upsert(foreign).build())
                .hasMessageContaining("belongs to account other");
        assertThatThrownBy(() -> ChangeBatch.builder(ACCOUNT, FolderId.of("Sent"), inbox).build())
                .hasMessage("nextCursor.folderId must be Sent, was INBOX");
    }
}
