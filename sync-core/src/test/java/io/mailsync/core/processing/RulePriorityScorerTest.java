package io.mailsync.core.processing;

import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mailsync.core.processing.Mails.ACCOUNT;
import static io.mailsync.core.processing.Mails.OPTIONS;
import static io.mailsync.core.processing.Mails.OWN;
import static io.mailsync.core.processing.Mails.headers;
import static io.mailsync.core.processing.Mails.mail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulePriorityScorerTest {

    private final RulePriorityScorer plain = RulePriorityScorer.builder().build();

    @Test
    void directMailScoresAboveCcWhichScoresAboveUnaddressedMail() {
        EmailMessage direct = mail("1", "bob@example.org").build();
        EmailMessage cc = mail("2", "bob@example.org").to(List.of(EmailAddress.of("team@example.org")))
                .cc(List.of(EmailAddress.of("Alice", "Alice@Example.com"))).build();
        EmailMessage bcc = mail("3", "bob@example.org").to(List.of(EmailAddress.of("team@example.org"))).build();

        assertThat(plain.score(direct, OPTIONS)).isEqualTo(RulePriorityScorer.BASE + RulePriorityScorer.DIRECT);
        assertThat(plain.score(cc, OPTIONS)).isEqualTo(RulePriorityScorer.BASE + RulePriorityScorer.CC_ONLY);
        assertThat(plain.score(bcc, OPTIONS)).isEqualTo(RulePriorityScorer.BASE + RulePriorityScorer.NOT_ADDRESSED);
    }

    @Test
    void newslettersAndBulkMailAreLoweredAndClampedAtZero() {
        EmailMessage newsletter = mail("n", "news@shop.example").headers(headers("List-Id", "<news.shop.example>",
                "List-Unsubscribe", "<https://shop.example/u>", "Precedence", "bulk")).build();
        EmailMessage junk = mail("j", "x@spam.example").to(List.of(EmailAddress.of("undisclosed@spam.example")))
                .headers(headers("List-Id", "<l>", "List-Unsubscribe", "<u>", "Precedence", "junk",
                        "Auto-Submitted", "auto-generated")).build();

        assertThat(plain.score(newsletter, OPTIONS)).isEqualTo(50 + 15 - 10 - 15 - 20);
        assertThat(plain.explain(newsletter, OPTIONS)).extracting(RulePriorityScorer.Reason::rule)
                .containsExactly("direct", "list", "list-unsubscribe", "precedence bulk");
        assertThat(plain.score(junk, OPTIONS)).isZero(); // 50 - 10 - 10 - 15 - 20 - 10 = -15, clamped
    }

    @Test
    void vipSendersAreRaisedByAddressOrDomain() {
        RulePriorityScorer scorer = RulePriorityScorer.builder().vipAddresses(List.of("Boss@Corp.example"))
                .vipDomains(List.of("@bigclient.example")).build();

        assertThat(scorer.score(mail("1", "boss@corp.example").build(), OPTIONS)).isEqualTo(50 + 15 + 25);
        assertThat(scorer.score(mail("2", "anyone@bigclient.example").build(), OPTIONS)).isEqualTo(90);
        assertThat(scorer.score(mail("3", "anyone@sub.bigclient.example").build(), OPTIONS)).isEqualTo(65);
    }

    @Test
    void aReplyToAThreadTheAccountWroteInIsRaisedAfterAFewLookups() {
        Set<String> sent = Set.of("mine-1@mail.test");
        AtomicInteger lookups = new AtomicInteger();
        RulePriorityScorer scorer = RulePriorityScorer.builder().sentMessages((account, id) -> {
            lookups.incrementAndGet();
            assertThat(account).isEqualTo(ACCOUNT);
            return sent.contains(id);
        }).build();
        EmailMessage reply = mail("r", "bob@example.org").inReplyTo("other@mail.test")
                .references(List.of("<mine-1@mail.test>", "other@mail.test")).build();
        EmailMessage unrelated = mail("u", "bob@example.org").inReplyTo("x@mail.test")
                .references(List.of("mine-1@mail.test", "a", "b", "c", "d", "e", "f", "g")).build();

        assertThat(scorer.score(reply, OPTIONS)).isEqualTo(50 + 15 + 20);
        lookups.set(0);
        // the account's message is the oldest reference, 9th id back: beyond MAX_LOOKUPS, so not found (and the look-ups stay bounded)
        assertThat(scorer.score(unrelated, OPTIONS)).isEqualTo(65);
        assertThat(lookups.get()).isEqualTo(RulePriorityScorer.MAX_LOOKUPS);
    }

    @Test
    void mailTheAccountSentIsLowered() {
        EmailMessage own = mail("s", OWN).to(List.of(EmailAddress.of("bob@example.org"))).build();
        assertThat(plain.score(own, OPTIONS)).isEqualTo(50 - 30);
    }

    @Test
    void blankVipEntriesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> RulePriorityScorer.builder().vipDomains(List.of(" ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vipDomains");
    }
}
