package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.Contact;
import io.mailsync.core.spi.ContactStore;
import io.mailsync.core.spi.MessageContacts;
import io.mailsync.jdbc.internal.ContactSql;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link ContactStore} of a {@link JdbcMailStore} ({@link JdbcMailStore#contacts()}), in its schema's
 * {@code contacts} table: one row per (account, normalised address). Give it to {@code new ContactsProcessor(...)}.
 *
 * <p>{@link #merge} is one transaction: each message id is first recorded in {@code contact_messages}
 * ({@code ON CONFLICT DO NOTHING}), and only the messages recorded now are added to the contacts
 * ({@code INSERT ... ON CONFLICT DO UPDATE}), so a message merged before, or concurrently by another worker, never
 * counts twice; a failure leaves nothing. Thread-safe.
 */
public final class JdbcContactStore implements ContactStore {

    private final Jdbi jdbi;
    private final ContactSql sql;

    JdbcContactStore(Jdbi jdbi, String quotedSchema) {
        this.jdbi = jdbi;
        this.sql = new ContactSql(quotedSchema);
    }

    /** {@inheritDoc} All accounts of {@code messages} in one transaction (accounts in a fixed order). */
    @Override
    public void merge(List<MessageContacts> messages) {
        if (messages.isEmpty()) {
            return;
        }
        TreeMap<String, List<MessageContacts>> byAccount = new TreeMap<>();
        messages.forEach(m -> byAccount.computeIfAbsent(m.accountId().value(), a -> new ArrayList<>()).add(m));
        AccountId first = messages.get(0).accountId();
        Calls.call(byAccount.size() == 1 ? first : null, "merge contacts", () -> jdbi.useTransaction(h -> {
            for (List<MessageContacts> part : byAccount.values()) {
                sql.merge(h.getConnection(), part.get(0).accountId(), part);
            }
        }));
    }

    @Override
    public Optional<Contact> find(AccountId accountId, String address) {
        return Calls.call(accountId, "read a contact",
                () -> jdbi.withHandle(h -> sql.find(h.getConnection(), accountId, address)));
    }

    @Override
    public List<Contact> contacts(AccountId accountId, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        return Calls.call(accountId, "read contacts",
                () -> jdbi.withHandle(h -> sql.list(h.getConnection(), accountId, limit)));
    }

    @Override
    public String toString() {
        return "JdbcContactStore";
    }
}
