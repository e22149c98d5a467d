package io.mailsync.core.spi;

import io.mailsync.core.AccountId;

import java.util.List;
import java.util.Optional;

/**
 * Where the contacts that {@code ContactsProcessor} extracts are merged: the in-memory
 * {@link io.mailsync.core.memory.InMemoryContactStore}, a table of the host's. Thread-safe.
 */
public interface ContactStore {

    /**
     * Merges the people of each message into the account's contacts: counts rise by one per message and direction,
     * first/last seen widen, the display name follows the newest message that has one. Idempotent per
     * {@code (account, providerMessageId)}: a message merged before changes nothing, so a retried job never counts twice.
     * Each account's part of {@code messages} is merged whole or not at all.
     */
    void merge(List<MessageContacts> messages);

    /** The contact with this address (compared case-insensitively). */
    Optional<Contact> find(AccountId accountId, String address);

    /** The account's contacts, most messages first, at most {@code limit}. */
    List<Contact> contacts(AccountId accountId, int limit);
}
