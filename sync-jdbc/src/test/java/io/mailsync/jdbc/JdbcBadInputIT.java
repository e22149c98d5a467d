package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.MalformedMessageException;
import io.mailsync.core.SyncCursor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The bad-input policy against a real PostgreSQL: stored losslessly where possible, else rejected alone. */
class JdbcBadInputIT {

    private static final FolderId INBOX = FolderId.of("INBOX");
    private static final List<MalformedMessageException> REJECTED = new CopyOnWriteArrayList<>();
    private static JdbcMailStore store;

    private final AccountId account = AccountId.of("bad-" + UUID.randomUUID());

    @BeforeAll
    static void start() {
        store = Stores.builder("badinput").rejectionListener(REJECTED::add).build();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private EmailMessage.Builder message(String id) {
        return EmailMessage.builder(account, id).folderId(INBOX).receivedAt(Instant.parse("2025-01-02T03:04:05Z"))
                .subject("Subject of " + id);
    }

    private ApplyResult apply(EmailMessage... messages) {
        return store.apply(ChangeBatch.builder(account, INBOX,
                SyncCursor.of(INBOX, SyncCursor.Phase.INCREMENTAL, Map.of("p", "1"))).upserts(List.of(messages)).build());
    }

    @Test
    void nulCharactersBecomeReplacementCharactersEverywhereAndReplaysAreQuiet() {
        EmailMessage withNul = message("nul").subject("a\u0000b").textBody("body\u0000").htmlBody("<p>\u0000</p>")
                .from(EmailAddress.of("Na\u0000me", "x@example.org")).headers(Map.of("x-h", List.of("v\u0000")))
                .build();

        assertThat(apply(withNul).inserted()).containsExactly("nul");
        assertThat(apply(withNul).isEmpty()).as("replay of a cleaned message").isTrue();

        EmailMessage stored = store.find(account, "nul").orElseThrow();
        assertThat(stored.subject()).isEqualTo("a\uFFFDb");
        assertThat(stored.textBody()).contains("body\uFFFD");
        assertThat(stored.htmlBody()).contains("<p>\uFFFD</p>");
        assertThat(stored.from().orElseThrow().name()).isEqualTo("Na\uFFFDme");
        assertThat(stored.header("x-h")).containsExactly("v\uFFFD");
    }

    @Test
    void flagsWithArraySyntaxCharactersRoundTripExactly() {
        EmailMessage tricky = message("tricky").flags(java.util.Set.of("a\"b", "c\\d", "{x,y}", "NULL", "", " sp ")).build();

        apply(tricky);

        assertThat(store.find(account, "tricky")).contains(tricky);
        assertThat(apply(tricky).isEmpty()).isTrue();
    }

    @Test
    void tabsNewlinesBackslashesAndControlCharactersRoundTripThroughTheBulkInsert() {
        String odd = "a\tb\nc\rd\\e \\N \\x41 \u0001\u001f \"q\" {x,y}";
        EmailMessage m = message("ctl\t\\id").subject(odd).snippet(odd).textBody(odd).htmlBody(odd)
                .threadId(odd).inReplyTo(odd).references(List.of(odd, "\\N")).flags(java.util.Set.of(odd))
                .from(EmailAddress.of(odd, "x@example.org")).to(List.of(EmailAddress.of(odd, odd)))
                .headers(Map.of(odd, List.of(odd, "\\N"))).sentAt(Instant.parse("0001-01-01T00:00:00.000001Z"))
                .attachments(List.of(new io.mailsync.core.AttachmentSummary(odd, odd, 7, true))).build();

        assertThat(apply(m).inserted()).containsExactly("ctl\t\\id");

        assertThat(store.find(account, "ctl\t\\id")).contains(m);
        assertThat(apply(m).isEmpty()).as("replay").isTrue();
    }

    @Test
    void loneSurrogatesBecomeReplacementCharactersAndPairsAreKept() {
        apply(message("sur").subject("x\uD800y \uD83D\uDE00 z\uDC00").build());

        assertThat(store.find(account, "sur").orElseThrow().subject()).isEqualTo("x\uFFFDy \uD83D\uDE00 z\uFFFD");
    }

    @Test
    void oneMegabyteSubjectAndMessageIdRoundTripExactly() {
        String huge = "é".repeat(512 * 1024);
        EmailMessage big = message("big").subject(huge).internetMessageId(huge + "@example.org").build();

        assertThat(apply(big).inserted()).containsExactly("big");

        assertThat(store.find(account, "big")).contains(big);
    }

    @Test
    void tenThousandRecipientsRoundTripExactly() {
        List<EmailAddress> to = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            to.add(EmailAddress.of("Recipient " + i, "r" + i + "@example.org"));
        }
        EmailMessage many = message("many").to(to).cc(to.subList(0, 500)).build();

        apply(many);

        assertThat(store.find(account, "many")).contains(many);
    }

    @Test
    void datesBeforeTheGregorianReformRoundTripAndNanosecondsAreTruncatedToMicroseconds() {
        EmailMessage old = message("old").sentAt(Instant.parse("1000-03-01T12:00:00Z"))
                .receivedAt(Instant.parse("0001-01-01T00:00:00Z")).build();
        EmailMessage precise = message("precise").receivedAt(Instant.parse("2025-01-02T03:04:05.123456789Z")).build();

        apply(old, precise);

        assertThat(store.find(account, "old")).contains(old);
        assertThat(store.find(account, "precise").orElseThrow().receivedAt())
                .isEqualTo(Instant.parse("2025-01-02T03:04:05.123456Z"));
    }

    @Test
    void sentAtOutOfRangeIsStoredAbsentAndLogged() throws Exception {
        EmailMessage future = message("future").sentAt(Instant.parse("+20250-01-01T00:00:00Z")).build();

        assertThat(apply(future).inserted()).containsExactly("future");

        assertThat(store.find(account, "future").orElseThrow().sentAt()).isEmpty();
        assertThat(eventLog("MESSAGE_ADJUSTED")).singleElement().asString().contains("sentAt");
    }

    @Test
    void receivedAtOutOfRangeRejectsOnlyThatMessage() throws Exception {
        EmailMessage bad = message("bad").receivedAt(Instant.parse("-5000-01-01T00:00:00Z")).build();
        EmailMessage good = message("good").build();

        ApplyResult result = apply(bad, good);

        assertThat(result.inserted()).containsExactly("good");
        assertThat(store.find(account, "bad")).isEmpty();
        assertThat(REJECTED).filteredOn(e -> e.accountId().orElseThrow().equals(account)).singleElement()
                .satisfies(e -> assertThat(e.providerMessageId()).isEqualTo("bad"));
        assertThat(eventLog("MESSAGE_REJECTED")).singleElement().asString().contains("receivedAt");
    }

    @Test
    void overlongProviderIdRejectsOnlyThatMessage() {
        EmailMessage longId = message("x".repeat(3_000)).build();

        ApplyResult result = apply(longId, message("fine").build());

        assertThat(result.inserted()).containsExactly("fine");
        assertThat(store.count(account)).isEqualTo(1);
        assertThat(REJECTED).filteredOn(e -> e.accountId().orElseThrow().equals(account)).hasSize(1);
    }

    private List<String> eventLog(String type) throws Exception {
        List<String> details = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT detail FROM \"" + store.schema() + "\".sync_event_log WHERE email_account_id = ? AND event_type = ?")) {
            ps.setString(1, account.value());
            ps.setString(2, type);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    details.add(rs.getString(1));
                }
            }
        }
        return details;
    }
}
