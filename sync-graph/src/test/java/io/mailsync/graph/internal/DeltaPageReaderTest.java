package io.mailsync.graph.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeltaPageReaderTest {

    private static final AccountId ACCOUNT = AccountId.of("a");
    private static final FolderId INBOX = FolderId.of("inbox-id");
    /** The one message of a page holding {@code entry} (single quotes for readability). */
    private static EmailMessage map(String entry) throws Exception {
        DeltaPageReader.Page page = page("{'value': [" + entry + "], '@odata.nextLink': 'https://g/next'}");
        assertThat(page.removed()).isEmpty();
        return page.messages().get(0);
    }

    private static DeltaPageReader.Page page(String json) throws Exception {
        return DeltaPageReader.read(json.replace('\'', '"'), ACCOUNT, INBOX);
    }

    @Test
    void mapsTheSelectedPropertiesOfADeltaEntry() throws Exception {
        EmailMessage m = map("""
                {'id': 'AAMk1', 'internetMessageId': '<m1@example.org>', 'conversationId': 'conv-1',
                 'subject': 'Quarterly report', 'bodyPreview': 'Numbers attached',
                 'receivedDateTime': '2026-03-01T10:00:00Z', 'sentDateTime': '2026-03-01T09:59:00+01:00',
                 'from': {'emailAddress': {'name': 'Ada', 'address': 'ada@example.org'}},
                 'toRecipients': [{'emailAddress': {'name': 'Bob', 'address': 'bob@example.com'}},
                                  {'emailAddress': {'name': 'No address'}}],
                 'ccRecipients': [], 'bccRecipients': null,
                 'isRead': true, 'hasAttachments': true, 'flag': {'flagStatus': 'flagged'},
                 'categories': ['Red', 'Finance'], '@odata.etag': 'W-x'}""");

        assertThat(m.providerMessageId()).isEqualTo("AAMk1");
        assertThat(m.folderId()).isEqualTo(INBOX);
        assertThat(m.internetMessageId()).contains("m1@example.org");
        assertThat(m.threadId()).contains("conv-1");
        assertThat(m.subject()).isEqualTo("Quarterly report");
        assertThat(m.from()).contains(EmailAddress.of("Ada", "ada@example.org"));
        assertThat(m.to()).containsExactly(EmailAddress.of("Bob", "bob@example.com"));
        assertThat(m.cc()).isEmpty();
        assertThat(m.bcc()).isEmpty();
        assertThat(m.receivedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(m.sentAt()).contains(Instant.parse("2026-03-01T08:59:00Z"));
        assertThat(m.flags()).containsExactlyInAnyOrder("isRead", "flagged", "hasAttachments", "category:Red",
                "category:Finance");
    }

    @Test
    void threadingHeadersComeFromInternetMessageHeadersWhenSelected() throws Exception {
        EmailMessage m = map("""
                {'id': 'AAMk2', 'receivedDateTime': '2026-03-01T10:00:00Z',
                 'internetMessageHeaders': [{'name': 'In-Reply-To', 'value': '<p@example.org>'},
                                            {'name': 'References', 'value': '<r1@example.org>  <p@example.org>'},
                                            {'name': 'X-Empty'}]}""");

        assertThat(m.inReplyTo()).contains("p@example.org");
        assertThat(m.references()).containsExactly("r1@example.org", "p@example.org");
        assertThat(m.headers()).containsOnlyKeys("in-reply-to", "references");
    }

    @Test
    void missingOrUnreadablePropertiesAreLeftEmpty() throws Exception {
        EmailMessage m = map("""
                {'id': 'AAMk3', 'receivedDateTime': 'not a date', 'flag': {'flagStatus': 'complete'},
                 'from': {'emailAddress': {'address': '  '}}}""");

        assertThat(m.receivedAt()).isEqualTo(Instant.EPOCH);
        assertThat(m.sentAt()).isEmpty();
        assertThat(m.from()).isEmpty();
        assertThat(m.subject()).isEmpty();
        assertThat(m.flags()).containsExactly("flagComplete");
    }

    @Test
    void aPageGivesItsMessagesInOrderItsRemovalsAndItsLinkSkippingWhatItDoesNotKnow() throws Exception {
        DeltaPageReader.Page page = page("""
                {'@odata.context': 'https://g/$metadata#Collection(message)', 'unknown': {'nested': [1, {'x': 2}]},
                 'value': [{'id': 'AAMk5', 'receivedDateTime': '2026-03-01T10:00:00Z', 'extra': [[]]},
                           {'@odata.type': '#microsoft.graph.message', 'id': 'AAMk4', '@removed': {'reason': 'deleted'}},
                           {'subject': 'an entry without id is skipped'},
                           {'id': 'AAMk6', 'receivedDateTime': '2026-03-01T09:00:00Z'}],
                 '@odata.deltaLink': 'https://g/delta?$deltatoken=abc'}""");

        assertThat(page.messages()).extracting(EmailMessage::providerMessageId).containsExactly("AAMk5", "AAMk6");
        assertThat(page.removed()).containsExactly("AAMk4");
        assertThat(page.nextLink()).isNull();
        assertThat(page.deltaLink()).isEqualTo("https://g/delta?$deltatoken=abc");
    }

    @Test
    void aBodyThatIsNoDeltaPageIsAnError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> page("['not', 'a', 'page']"))
                .isInstanceOf(java.io.IOException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> page("{'value': [ {'id': 'x'"))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void datesReadWithoutAFormatterAgreeWithJavaTimeAndImpossibleDatesAreAbsent() {
        for (String v : new String[]{"2026-01-31T09:30:00Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z",
                "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "2026-01-31T24:00:00Z",
                "2026-01-31T09:30:00.1234567Z", "2026-01-31T10:30:00+01:00", "0000-01-01T00:00:00Z"}) {
            Instant expected = v.endsWith("Z") ? Instant.parse(v) : java.time.OffsetDateTime.parse(v).toInstant();
            assertThat(DeltaPageReader.date(v)).as(v).isEqualTo(expected);
        }
        for (String v : new String[]{"2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-01-31T09:60:00Z", "2026-01-3AT09:30:00Z", "2O26-01-31T09:30:00Z", "2026-01-31 09:30:00Z", ""}) {
            assertThat(DeltaPageReader.date(v)).as(v).isNull();
        }
    }
}
