package io.mailsync.core.processing;

import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.memory.InMemoryContactStore;
import io.mailsync.core.spi.Contact;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.mailsync.core.processing.Mails.ACCOUNT;
import static io.mailsync.core.processing.Mails.OPTIONS;
import static io.mailsync.core.processing.Mails.OWN;
import static io.mailsync.core.processing.Mails.mail;
import static org.assertj.core.api.Assertions.assertThat;

class ContactsProcessorTest {

    private final InMemoryContactStore store = new InMemoryContactStore();
    private final ContactsProcessor processor = new ContactsProcessor(store);

    @Test
    void receivedMailMergesSenderReplyToAndCoRecipientsNormalisedWithoutTheAccount() {
        EmailMessage m = mail("1", "x").from(EmailAddress.of("Bob Smith", " Bob.Smith@Example.COM "))
                .replyTo(List.of(EmailAddress.of("<help@example.com>")))
                .to(List.of(EmailAddress.of("Alice", "ALICE@example.com"), EmailAddress.of("\"Carol\"", "carol@x.org")))
                .cc(List.of(EmailAddress.of("bob.smith@example.com"), EmailAddress.of("undisclosed-recipients:;")))
                .sentAt(Instant.parse("2026-01-02T00:00:00Z")).build();

        List<ProcessingOutput> out = processor.process(new ProcessingBatch(OPTIONS, List.of(m)));

        assertThat(out).singleElement().satisfies(o -> assertThat(o.values())
                .containsEntry("direction", "in").containsEntry("contacts", "3"));
        assertThat(store.contacts(ACCOUNT, 10)).extracting(Contact::address)
                .containsExactlyInAnyOrder("bob.smith@example.com", "help@example.com", "carol@x.org");
        Contact bob = store.find(ACCOUNT, "BOB.SMITH@example.com").orElseThrow();
        assertThat(bob.displayName()).isEqualTo("Bob Smith");
        assertThat(bob.inbound()).isEqualTo(1); // in From and Cc of one message: counted once
        assertThat(bob.outbound()).isZero();
        assertThat(store.find(ACCOUNT, "carol@x.org").orElseThrow().displayName()).isEqualTo("Carol");
    }

    @Test
    void countsDirectionsFirstAndLastSeenAndTheNewestNameAcrossMessages() {
        EmailMessage received = mail("1", "x").from(EmailAddress.of("Bob", "bob@example.org"))
                .sentAt(Instant.parse("2026-01-05T00:00:00Z")).build();
        EmailMessage sent = mail("2", OWN).to(List.of(EmailAddress.of("Robert Smith", "bob@example.org")))
                .bcc(List.of(EmailAddress.of("dave@example.org"))).sentAt(Instant.parse("2026-01-09T00:00:00Z")).build();
        EmailMessage older = mail("3", "x").from(EmailAddress.of("Bobby", "bob@example.org"))
                .sentAt(Instant.parse("2026-01-01T00:00:00Z")).build();

        processor.process(new ProcessingBatch(OPTIONS, List.of(received, sent)));
        processor.process(new ProcessingBatch(OPTIONS, List.of(older)));

        Contact bob = store.find(ACCOUNT, "bob@example.org").orElseThrow();
        assertThat(bob.inbound()).isEqualTo(2);
        assertThat(bob.outbound()).isEqualTo(1);
        assertThat(bob.firstSeen()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(bob.lastSeen()).isEqualTo(Instant.parse("2026-01-09T00:00:00Z"));
        assertThat(bob.displayName()).isEqualTo("Robert Smith"); // from the newest message, not the last processed
        assertThat(store.find(ACCOUNT, "dave@example.org").orElseThrow().outbound()).isEqualTo(1);
        assertThat(store.find(ACCOUNT, OWN)).isEmpty();
    }

    @Test
    void aMessageProcessedTwiceIsCountedOnce() {
        EmailMessage m = mail("1", "bob@example.org").build();
        processor.process(new ProcessingBatch(OPTIONS, List.of(m)));
        processor.process(new ProcessingBatch(OPTIONS, List.of(m))); // a retried job

        assertThat(store.find(ACCOUNT, "bob@example.org").orElseThrow().inbound()).isEqualTo(1);
    }

    @Test
    void contactsAreListedMostMessagesFirst() {
        processor.process(new ProcessingBatch(OPTIONS, List.of(mail("1", "a@x.org").build(),
                mail("2", "b@x.org").build(), mail("3", "b@x.org").build())));

        assertThat(store.contacts(ACCOUNT, 1)).extracting(Contact::address).containsExactly("b@x.org");
    }
}
