package io.mailsync.core.processing;

import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.ContactStore;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.MessageContacts;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Extracts the people of each new message and merges them into a {@link ContactStore}: for mail the account received,
 * From, Reply-To, To and Cc; for mail it sent, To, Cc and Bcc. Addresses are normalised (trimmed, angle brackets and
 * {@code mailto:} removed, lower case), the account's own address and strings that are no address are left out, and a
 * person named twice in one message counts once. The whole batch is merged in one call; the store ignores messages it
 * merged before, so a retried job never counts twice.
 *
 * <p>Output per message: {@code direction} ({@code in}/{@code out}) and {@code contacts} (how many people).
 * Thread-safe when the store is.
 */
public final class ContactsProcessor implements EmailProcessor {

    /** The processor's name: {@value}. */
    public static final String NAME = "contacts";

    private final ContactStore contacts;

    /** A processor merging into {@code contacts}. */
    public ContactsProcessor(ContactStore contacts) {
        this.contacts = Objects.requireNonNull(contacts, "contacts");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ProcessingOutput> process(ProcessingBatch batch) {
        List<MessageContacts> extracted = batch.messages().stream().map(m -> extract(m, batch.account())).toList();
        contacts.merge(extracted);
        List<ProcessingOutput> outputs = new ArrayList<>(extracted.size());
        for (MessageContacts m : extracted) {
            outputs.add(new ProcessingOutput(m.providerMessageId(), Map.of(
                    "direction", m.direction() == MessageContacts.Direction.INBOUND ? "in" : "out",
                    "contacts", Integer.toString(m.people().size()))));
        }
        return outputs;
    }

    /** The people of {@code message} relative to {@code account}. */
    public static MessageContacts extract(EmailMessage message, SyncOptions account) {
        boolean sent = Headers.sentByAccount(message, account);
        Stream<EmailAddress> candidates = sent
                ? Stream.of(message.to(), message.cc(), message.bcc()).flatMap(List::stream)
                : Stream.of(message.from().stream().toList(), message.replyTo(), message.to(), message.cc())
                        .flatMap(List::stream);
        String own = account.email().toLowerCase(Locale.ROOT);
        Map<String, EmailAddress> people = new LinkedHashMap<>();
        candidates.map(ContactsProcessor::normalize).filter(Objects::nonNull)
                .filter(a -> !a.address().equals(own))
                .forEach(a -> people.merge(a.address(), a, (first, next) -> first.name().isEmpty() ? next : first));
        return new MessageContacts(message.accountId(), message.providerMessageId(),
                sent ? MessageContacts.Direction.OUTBOUND : MessageContacts.Direction.INBOUND,
                message.sentAt().orElse(message.receivedAt()), List.copyOf(people.values()));
    }

    /** The address normalised, or null when it is no address. */
    static EmailAddress normalize(EmailAddress a) {
        String address = a.address().strip();
        if (address.regionMatches(true, 0, "mailto:", 0, 7)) {
            address = address.substring(7);
        }
        if (address.startsWith("<") && address.endsWith(">")) {
            address = address.substring(1, address.length() - 1).strip();
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.indexOf(' ') >= 0) {
            return null;
        }
        String name = a.name().strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).strip();
        }
        if (name.equalsIgnoreCase(address)) {
            name = "";
        }
        return new EmailAddress(name, address.toLowerCase(Locale.ROOT));
    }
}
