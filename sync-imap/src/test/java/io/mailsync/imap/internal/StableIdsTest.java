package io.mailsync.imap.internal;

import io.mailsync.core.FolderRole;
import io.mailsync.imap.ImapSecurity;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StableIdsTest {

    private static ImapSettings settings(String attribute, boolean detect) {
        return new ImapSettings("h", 143, ImapSecurity.PLAIN, Duration.ofSeconds(1), Duration.ofSeconds(1), Set.of(),
                Set.<FolderRole>of(), 500, 0, Set.of(), Duration.ofMinutes(29), "NOOP", Duration.ofSeconds(60), 50, Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(2), true, Map.of(), attribute, detect);
    }

    @Test
    void theConfiguredAttributeWinsThenObjectIdThenGmail() {
        Set<String> both = Set.of("OBJECTID", "X-GM-EXT-1");
        assertThat(StableIds.attribute(settings("X-GUID", true), both::contains)).contains("X-GUID");
        assertThat(StableIds.attribute(settings("", true), both::contains)).contains("EMAILID");
        assertThat(StableIds.attribute(settings("", true), Set.of("X-GM-EXT-1")::contains)).contains("X-GM-MSGID");
        assertThat(StableIds.attribute(settings("", true), Set.of("CONDSTORE")::contains)).isEmpty();
        assertThat(StableIds.attribute(settings("", false), both::contains)).isEmpty();
    }

    @Test
    void parsesDovecotXGuidWithFlagsAndModSeq() throws Exception {
        IMAPResponse r = new IMAPResponse(
                "* 3 FETCH (UID 7 MODSEQ (12) X-GUID 1795692516.M978507P26856.vm,S=39,W=43 FLAGS (\\Seen \\Recent $Work))");

        StableIds.Entry e = StableIds.parse(r, "X-GUID").orElseThrow();

        assertThat(e.uid()).isEqualTo(7);
        assertThat(e.key()).isEqualTo(StableIds.key("1795692516.M978507P26856.vm,S=39,W=43"));
        assertThat(e.flags()).containsExactlyInAnyOrder("\\Seen", "$Work");
    }

    @Test
    void parsesRfc8474EmailIdAndGmailMessageId() throws Exception {
        StableIds.Entry emailId = StableIds.parse(new IMAPResponse(
                "* 1 FETCH (UID 20 FLAGS () EMAILID (M6d99ac3275bb4e))"), "EMAILID").orElseThrow();
        StableIds.Entry gmail = StableIds.parse(new IMAPResponse(
                "* 2 FETCH (X-GM-MSGID 1278455344230334865 UID 21 FLAGS (\\Seen))"), "X-GM-MSGID").orElseThrow();

        assertThat(emailId.key()).isEqualTo(StableIds.key("M6d99ac3275bb4e"));
        assertThat(emailId.flags()).isEmpty();
        assertThat(gmail.uid()).isEqualTo(21);
        assertThat(gmail.key()).isEqualTo(StableIds.key("1278455344230334865"));
    }

    @Test
    void aFetchWithoutTheAttributeGivesNothing() throws Exception {
        assertThat(StableIds.parse(new IMAPResponse("* 1 FETCH (UID 20 FLAGS (\\Seen))"), "X-GUID")).isEmpty();
    }
}
