package io.mailsync.jdbc.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.spi.Contact;
import io.mailsync.core.spi.MessageContacts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The SQL of {@code contacts} and {@code contact_messages}. {@link #merge} runs on the caller's transaction: it first
 * records the messages ({@code INSERT ... ON CONFLICT DO NOTHING RETURNING}: only the ones never merged come back, and
 * a concurrent merge of the same message waits on its key and then gets nothing), then adds what those messages say
 * about each person with one {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE} (counts added, first/last
 * seen widened, the display name of the newest message that had one). Addresses are upserted in sorted order, so
 * concurrent merges touching the same contacts wait for each other instead of deadlocking. Thread-safe.
 */
public final class ContactSql {

    private final String markSql;
    private final String upsertSql;
    private final String findSql;
    private final String listSql;

    /** The SQL for the tables of {@code quotedSchema}. */
    public ContactSql(String quotedSchema) {
        String t = quotedSchema + ".contacts";
        String columns = "email_account_id, address, name, inbound_count, outbound_count, first_seen_at, last_seen_at";
        markSql = "INSERT INTO " + quotedSchema + ".contact_messages (email_account_id, provider_message_id) "
                + "SELECT ?, id FROM unnest(?::text[]) AS m(id) ON CONFLICT DO NOTHING RETURNING provider_message_id";
        String newerName = "(EXCLUDED.name_seen_at IS NOT NULL AND (c.name_seen_at IS NULL "
                + "OR EXCLUDED.name_seen_at >= c.name_seen_at))";
        upsertSql = "INSERT INTO " + t + " AS c (email_account_id, address, name, name_seen_at, inbound_count, "
                + "outbound_count, first_seen_at, last_seen_at) SELECT ?, * FROM unnest(?::text[], ?::text[], "
                + "?::timestamptz[], ?::int8[], ?::int8[], ?::timestamptz[], ?::timestamptz[]) "
                + "ON CONFLICT (email_account_id, address) DO UPDATE SET "
                + "inbound_count = c.inbound_count + EXCLUDED.inbound_count, "
                + "outbound_count = c.outbound_count + EXCLUDED.outbound_count, "
                + "first_seen_at = least(c.first_seen_at, EXCLUDED.first_seen_at), "
                + "last_seen_at = greatest(c.last_seen_at, EXCLUDED.last_seen_at), "
                + "name = CASE WHEN " + newerName + " THEN EXCLUDED.name ELSE c.name END, "
                + "name_seen_at = CASE WHEN " + newerName + " THEN EXCLUDED.name_seen_at ELSE c.name_seen_at END";
        findSql = "SELECT " + columns + " FROM " + t + " WHERE email_account_id = ? AND address = ?";
        listSql = "SELECT " + columns + " FROM " + t
                + " WHERE email_account_id = ? ORDER BY message_count DESC, address LIMIT ?";
    }

    /** What the merged messages say about one person. */
    private static final class Delta {
        String name = "";
        Instant nameSeen;
        long inbound;
        long outbound;
        Instant first;
        Instant last;
    }

    /**
     * Merges one account's messages (the caller's transaction makes it whole); messages merged before are skipped.
     *
     * @return how many messages were merged now
     */
    public int merge(Connection c, AccountId account, List<MessageContacts> messages) throws SQLException {
        Map<String, MessageContacts> byId = new LinkedHashMap<>();
        messages.forEach(m -> byId.putIfAbsent(Text.clean(m.providerMessageId()), m));
        Set<String> fresh = mark(c, account, byId.keySet());
        if (fresh.isEmpty()) {
            return 0;
        }
        TreeMap<String, Delta> deltas = new TreeMap<>();
        byId.forEach((id, m) -> {
            if (fresh.contains(id)) {
                add(deltas, m);
            }
        });
        if (!deltas.isEmpty()) {
            upsert(c, account, deltas);
        }
        return fresh.size();
    }

    private Set<String> mark(Connection c, AccountId account, Set<String> ids) throws SQLException {
        String[] sorted = ids.stream().sorted().toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement(markSql)) {
            ps.setString(1, account.value());
            ps.setArray(2, c.createArrayOf("text", sorted));
            Set<String> fresh = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getString(1));
                }
            }
            return fresh;
        }
    }

    private static void add(Map<String, Delta> deltas, MessageContacts m) {
        boolean in = m.direction() == MessageContacts.Direction.INBOUND;
        Set<String> seen = new HashSet<>();
        for (EmailAddress person : m.people()) {
            String address = Text.clean(normalize(person.normalizedAddress()));
            if (!seen.add(address)) {
                continue;
            }
            Delta d = deltas.computeIfAbsent(address, a -> new Delta());
            if (in) {
                d.inbound++;
            } else {
                d.outbound++;
            }
            Instant at = m.seenAt();
            d.first = d.first == null || at.isBefore(d.first) ? at : d.first;
            d.last = d.last == null || at.isAfter(d.last) ? at : d.last;
            String name = Text.clean(person.name().strip());
            if (!name.isEmpty() && (d.nameSeen == null || !at.isBefore(d.nameSeen))) {
                d.name = name;
                d.nameSeen = at;
            }
        }
    }

    private void upsert(Connection c, AccountId account, TreeMap<String, Delta> deltas) throws SQLException {
        int n = deltas.size();
        String[] addresses = new String[n];
        String[] names = new String[n];
        String[] nameSeen = new String[n];
        Long[] inbound = new Long[n];
        Long[] outbound = new Long[n];
        String[] first = new String[n];
        String[] last = new String[n];
        int i = 0;
        for (Map.Entry<String, Delta> e : deltas.entrySet()) {
            Delta d = e.getValue();
            addresses[i] = e.getKey();
            names[i] = d.name;
            nameSeen[i] = d.nameSeen == null ? null : d.nameSeen.toString();
            inbound[i] = d.inbound;
            outbound[i] = d.outbound;
            first[i] = d.first.toString();
            last[i] = d.last.toString();
            i++;
        }
        try (PreparedStatement ps = c.prepareStatement(upsertSql)) {
            ps.setString(1, account.value());
            ps.setArray(2, c.createArrayOf("text", addresses));
            ps.setArray(3, c.createArrayOf("text", names));
            ps.setArray(4, c.createArrayOf("text", nameSeen));
            ps.setArray(5, c.createArrayOf("int8", inbound));
            ps.setArray(6, c.createArrayOf("int8", outbound));
            ps.setArray(7, c.createArrayOf("text", first));
            ps.setArray(8, c.createArrayOf("text", last));
            ps.executeUpdate();
        }
    }

    /** The contact with this address (compared case-insensitively). */
    public Optional<Contact> find(Connection c, AccountId account, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(findSql)) {
            ps.setString(1, account.value());
            ps.setString(2, Text.clean(normalize(address)));
            List<Contact> found = read(ps, account);
            return found.stream().findFirst();
        }
    }

    /** The account's contacts, most messages first (then by address), at most {@code limit}. */
    public List<Contact> list(Connection c, AccountId account, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(listSql)) {
            ps.setString(1, account.value());
            ps.setInt(2, limit);
            return read(ps, account);
        }
    }

    private static List<Contact> read(PreparedStatement ps, AccountId account) throws SQLException {
        List<Contact> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Contact(account, rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant(),
                        rs.getObject(7, OffsetDateTime.class).toInstant()));
            }
        }
        return out;
    }

    private static String normalize(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
