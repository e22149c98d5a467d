package io.mailsync.core.processing;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.memory.InMemoryContactStore;
import io.mailsync.core.spi.ProcessingBatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mailsync.core.processing.Mails.OPTIONS;
import static io.mailsync.core.processing.Mails.OWN;
import static io.mailsync.core.processing.Mails.headers;
import static io.mailsync.core.processing.Mails.mail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeadScoreProcessorTest {

    private final InMemoryContactStore contacts = new InMemoryContactStore();
    private final ContactsProcessor contactsProcessor = new ContactsProcessor(contacts);
    private final LeadScoreProcessor leads = LeadScoreProcessor.builder()
            .domain("bigcorp.example", 30).domains(List.of("gmail.example", "@mail.example"), -10)
            .keyword("Pricing", 10).keyword("demo", 10)
            .firstContact(contacts, 15)
            .build();

    private LeadScoreProcessor.LeadScore score(EmailMessage m) {
        contactsProcessor.process(new ProcessingBatch(OPTIONS, List.of(m))); // contacts run first, as configured
        return leads.score(m, OPTIONS).orElseThrow();
    }

    @Test
    void aFirstMailFromATargetDomainAskingForPricingScoresHighWithReasons() {
        EmailMessage m = mail("1", "cto@bigcorp.example").subject("Pricing for 500 seats")
                .textBody("Could we get a demo next week?").build();

        LeadScoreProcessor.LeadScore s = score(m);

        assertThat(s.score()).isEqualTo(20 + 30 + 10 + 10 + 15);
        assertThat(s.reasons()).isEqualTo("base 20; domain bigcorp.example +30; keyword \"pricing\" +10; "
                + "keyword \"demo\" +10; first contact +15");
        assertThat(leads.process(new ProcessingBatch(OPTIONS, List.of(m)))).singleElement()
                .satisfies(o -> assertThat(o.values()).containsEntry("score", "85").containsKey("reasons"));
    }

    @Test
    void aKnownSenderDeepInAThreadGetsReplyPointsButNoFirstContact() {
        score(mail("1", "ann@mail.example").build());
        EmailMessage reply = mail("2", "ann@mail.example").inReplyTo("c@x")
                .references(List.of("a@x", "b@x", "c@x")).build();

        LeadScoreProcessor.LeadScore s = score(reply);

        assertThat(s.score()).isEqualTo(20 - 10 + 15);
        assertThat(s.reasons()).isEqualTo("base 20; domain mail.example -10; reply depth 3 +15");
    }

    @Test
    void automatedMailIsPenalisedClampedAndOwnMailIsNotScored() {
        EmailMessage newsletter = mail("1", "news@gmail.example").headers(headers("List-Unsubscribe", "<u>")).build();
        assertThat(score(newsletter).score()).isEqualTo(Math.max(0, 20 - 10 + 15 - 30));
        assertThat(score(mail("2", "news@gmail.example").headers(headers("Precedence", "bulk")).build()).score())
                .isZero(); // 20 - 10 - 30 = -20, clamped
        assertThat(leads.score(mail("3", OWN).build(), OPTIONS)).isEmpty();
        assertThat(leads.process(new ProcessingBatch(OPTIONS, List.of(mail("4", OWN).build())))).isEmpty();
    }

    @Test
    void invalidRulesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> LeadScoreProcessor.builder().keyword("x", 101)).hasMessageContaining("keyword points");
        assertThatThrownBy(() -> LeadScoreProcessor.builder().automatedPenalty(5))
                .hasMessageContaining("automatedPenalty");
        assertThatThrownBy(() -> LeadScoreProcessor.builder().domain(" ", 1)).hasMessageContaining("domain");
    }
}
