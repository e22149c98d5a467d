package io.mailsync.core.memory;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.spi.Contact;
import io.mailsync.core.spi.ContactStore;
import io.mailsync.core.spi.MessageContacts;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ContactStore} in memory. Remembers which messages it merged (one id per message) to stay idempotent.
 * Thread-safe: each account's contacts are guarded by their own monitor, and a call merging several accounts locks
 * them one after the other (each account's part is applied whole). Nothing survives the JVM.
 */
public final class InMemoryContactStore implements ContactStore {

    private final ConcurrentHashMap<AccountId, Book> books = new ConcurrentHashMap<>();

    /** One account's contacts and merged messages. */
    private static final class Book {
        final Map<String, Contact> contacts = new HashMap<>();
        final Map<String, Instant> nameDates = new HashMap<>();
        final Set<String> merged = new HashSet<>();
    }

    @Override
    public void merge(List<MessageContacts> messages) {
        Map<AccountId, List<MessageContacts>> byAccount = new HashMap<>();
        messages.forEach(m -> byAccount.computeIfAbsent(m.accountId(), a -> new java.util.ArrayList<>()).add(m));
        byAccount.forEach((account, list) -> {
            Book book = books.computeIfAbsent(account, a -> new Book());
            synchronized (book) {
                list.forEach(m -> merge(book, m));
            }
        });
    }

    private static void merge(Book book, MessageContacts m) {
        if (!book.merged.add(m.providerMessageId())) {
            return;
        }
        boolean in = m.direction() == MessageContacts.Direction.INBOUND;
        Set<String> seen = new HashSet<>();
        for (EmailAddress person : m.people()) {
            String address = person.normalizedAddress();
            if (!seen.add(address)) {
                continue;
            }
            Contact c = book.contacts.get(address);
            String name = person.name().strip();
            if (c == null) {
                c = new Contact(m.accountId(), address, name, in ? 1 : 0, in ? 0 : 1, m.seenAt(), m.seenAt());
                if (!name.isEmpty()) {
                    book.nameDates.put(address, m.seenAt());
                }
            } else {
                Instant nameDate = book.nameDates.get(address);
                boolean newerName = !name.isEmpty() && (nameDate == null || !m.seenAt().isBefore(nameDate));
                if (newerName) {
                    book.nameDates.put(address, m.seenAt());
                }
                c = new Contact(c.accountId(), address, newerName ? name : c.displayName(),
                        c.inbound() + (in ? 1 : 0), c.outbound() + (in ? 0 : 1),
                        m.seenAt().isBefore(c.firstSeen()) ? m.seenAt() : c.firstSeen(),
                        m.seenAt().isAfter(c.lastSeen()) ? m.seenAt() : c.lastSeen());
            }
            book.contacts.put(address, c);
        }
    }

    @Override
    public Optional<Contact> find(AccountId accountId, String address) {
        Book book = books.get(accountId);
        if (book == null) {
            return Optional.empty();
        }
        synchronized (book) {
            return Optional.ofNullable(book.contacts.get(address.trim().toLowerCase(Locale.ROOT)));
        }
    }

    @Override
    public List<Contact> contacts(AccountId accountId, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        Book book = books.get(accountId);
        if (book == null) {
            return List.of();
        }
        List<Contact> all;
        synchronized (book) {
            all = List.copyOf(book.contacts.values());
        }
        return all.stream().sorted(Comparator.comparingLong(Contact::messages).reversed()
                .thenComparing(Contact::address)).limit(limit).toList();
    }
}
