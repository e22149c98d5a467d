package io.mailsync.core.processing;

import io.mailsync.core.AttachmentSummary;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.spi.ProcessingBatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static io.mailsync.core.processing.Mails.OPTIONS;
import static io.mailsync.core.processing.Mails.headers;
import static io.mailsync.core.processing.Mails.mail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CategoryProcessorTest {

    private final CategoryProcessor rules = CategoryProcessor.defaults();

    private String category(EmailMessage m) {
        return rules.classify(m, OPTIONS).category();
    }

    @Test
    void receiptsOrderConfirmationsAndInvoicesFromShopsAreTransactional() {
        assertThat(category(mail("1", "orders@shop.example").subject("Your order #48213 is confirmed").build()))
                .isEqualTo("transactional");
        assertThat(category(mail("2", "no-reply@payments.example").subject("Your receipt from Example Café").build()))
                .isEqualTo("transactional");
        assertThat(category(mail("3", "billing+eu@cloud.example").subject("Invoice INV-2026-0042 is available")
                .build())).isEqualTo("transactional");
        assertThat(category(mail("4", "noreply@airline.example").subject("Booking confirmation LH4711").build()))
                .isEqualTo("transactional");
        assertThat(category(mail("5", "service@bahn.example").subject("Ihre Buchungsbestätigung").build()))
                .isEqualTo("transactional");
    }

    @Test
    void aPersonAskingAboutAnInvoiceIsPersonal() {
        assertThat(category(mail("1", "bob@example.org").subject("Question about the invoice").build()))
                .isEqualTo("personal");
        assertThat(category(mail("2", "orders@shop.example").subject("Re: Your order #1").inReplyTo("x@y").build()))
                .isNotEqualTo("transactional");
    }

    @Test
    void headersDecideNewslettersBulkNotificationsAndCalendarMail() {
        assertThat(category(mail("1", "news@x.example").headers(headers("List-Unsubscribe", "<https://u>")).build()))
                .isEqualTo("newsletter");
        assertThat(category(mail("2", "promo@x.example").headers(headers("Precedence", "junk")).build()))
                .isEqualTo("bulk");
        List<EmailAddress> many = IntStream.range(0, 30).mapToObj(i -> EmailAddress.of("p" + i + "@x.org")).toList();
        assertThat(category(mail("3", "boss@x.org").to(many).build())).isEqualTo("bulk");
        assertThat(category(mail("4", "ci@x.example").headers(headers("Auto-Submitted", "auto-generated")).build()))
                .isEqualTo("notification");
        assertThat(category(mail("5", "notifications@x.example").subject("New comment").build()))
                .isEqualTo("notification");
        assertThat(category(mail("6", "bob@x.org").attachments(List.of(
                new AttachmentSummary("invite.ics", "application/ics", 900, false))).build())).isEqualTo("calendar");
        assertThat(category(mail("7", "bob@x.org").build())).isEqualTo("personal");
    }

    @Test
    void hostRulesRunBeforeOrAfterTheBuiltInOnesFirstMatchWins() {
        CategoryProcessor custom = CategoryProcessor.builder()
                .addFirst(new CategoryRule("vip-invoices", "finance", (m, a) -> m.subject().contains("Invoice")))
                .add(new CategoryRule("support", "support", (m, a) -> m.subject().startsWith("[Ticket")))
                .fallback("other").build();

        EmailMessage invoice = mail("1", "billing@cloud.example").subject("Invoice 1").build();
        assertThat(custom.classify(invoice, OPTIONS)).isEqualTo(new CategoryProcessor.Classification("finance",
                "vip-invoices"));
        assertThat(custom.classify(mail("2", "x@y.org").subject("[Ticket 7] broken").build(), OPTIONS).category())
                .isEqualTo("support");
        assertThat(custom.classify(mail("3", "x@y.org").build(), OPTIONS))
                .isEqualTo(new CategoryProcessor.Classification("other", "fallback"));
        assertThat(custom.process(new ProcessingBatch(OPTIONS, List.of(invoice)))).singleElement()
                .satisfies(o -> assertThat(o.values()).containsEntry("category", "finance")
                        .containsEntry("rule", "vip-invoices"));
    }

    @Test
    void rulesNeedANameAndACategory() {
        assertThatThrownBy(() -> new CategoryRule(" ", "x", (m, a) -> true)).hasMessageContaining("name");
        assertThatThrownBy(() -> CategoryProcessor.builder().fallback("")).hasMessageContaining("fallback");
    }
}
