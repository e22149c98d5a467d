package io.mailsync.imap.internal;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stable per-message ids that survive a UIDVALIDITY change: which FETCH attribute gives them on a server
 * ({@code EMAILID} with OBJECTID, RFC 8474; {@code X-GM-MSGID} with X-GM-EXT-1; or one configured, such as Dovecot's
 * {@code X-GUID}), and a bulk {@code UID FETCH} of them. Angus does not parse these attributes (it drops a FETCH
 * response with an item it does not know), so the responses are read and parsed here. Stateless.
 */
final class StableIds {

    /** UIDs per {@code UID FETCH} of stable ids. */
    static final int CHUNK = 5_000;

    private StableIds() {
    }

    /** What the server said about one message: its UID, stable id key ({@link #key}) and flags. */
    record Entry(long uid, String key, Set<String> flags) {
    }

    /** The attribute to use on a server with {@code capabilities}: the configured one, else an advertised one. */
    static Optional<String> attribute(ImapSettings settings, CapabilityCheck capabilities) {
        if (!settings.stableIdAttribute().isEmpty()) {
            return Optional.of(settings.stableIdAttribute());
        }
        if (settings.detectStableIds()) {
            if (capabilities.has("OBJECTID")) {
                return Optional.of("EMAILID");
            }
            if (capabilities.has("X-GM-EXT-1")) {
                return Optional.of("X-GM-MSGID");
            }
        }
        return Optional.empty();
    }

    /** Whether the server advertises a capability. */
    @FunctionalInterface
    interface CapabilityCheck {
        boolean has(String capability);
    }

    /**
     * A short fixed-width key for a stable id (64 bits of its SHA-256, base64url: 11 characters), so the cursor stays
     * small whatever the server's id looks like. Two ids with one key are treated as unknown by {@link UidRemap}.
     */
    static String key(String stableId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(stableId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(d, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** {@code UID FETCH} of UID, flags and {@code attribute} for the {@code uids} (ascending), in chunks. */
    static List<Entry> fetch(IMAPFolder folder, String attribute, long[] uids) throws MessagingException {
        List<Entry> all = new ArrayList<>(uids.length);
        for (int from = 0; from < uids.length; from += CHUNK) {
            long[] chunk = Arrays.copyOfRange(uids, from, Math.min(uids.length, from + CHUNK));
            all.addAll(fetch(folder, attribute, UidSet.of(chunk).toString()));
        }
        return all;
    }

    private static List<Entry> fetch(IMAPFolder folder, String attribute, String uidSet) throws MessagingException {
        @SuppressWarnings("unchecked")
        List<Entry> result = (List<Entry>) folder.doCommand(p -> {
            synchronized (p) {
                return read(p, "UID FETCH " + uidSet + " (UID FLAGS " + attribute + ")", attribute);
            }
        });
        return result;
    }

    /** Sends {@code command} and reads the responses up to its tagged one, parsing FETCH ones; the others go to the folder as usual. */
    private static List<Entry> read(IMAPProtocol p, String command, String attribute) throws ProtocolException {
        List<Entry> entries = new ArrayList<>();
        List<Response> others = new ArrayList<>();
        try {
            String tag = p.writeCommand(command, null);
            while (true) {
                IMAPResponse r = new IMAPResponse(p);
                if (r.isTagged() && tag.equals(r.getTag())) {
                    others.add(r);
                    p.notifyResponseHandlers(others.toArray(new Response[0]));
                    p.handleResult(r);
                    return entries;
                }
                if (r.isUnTagged() && r.keyEquals("FETCH")) {
                    parse(r, attribute).ifPresent(entries::add);
                } else {
                    others.add(r);
                    if (r.isBYE()) {
                        p.notifyResponseHandlers(others.toArray(new Response[0]));
                        p.handleResult(r);
                    }
                }
            }
        } catch (IOException e) {
            throw new ProtocolException("reading the " + attribute + " of messages failed: " + e.getMessage(), e);
        }
    }

    /** One {@code * n FETCH (UID u FLAGS (...) ATTR value)} line; empty without a UID or the attribute. */
    static Optional<Entry> parse(IMAPResponse r, String attribute) {
        if (!r.isNextNonSpace('(')) {
            return Optional.empty();
        }
        long uid = -1;
        String value = null;
        Set<String> flags = Set.of();
        do {
            String item = r.readAtom();
            if (item == null || item.isEmpty()) {
                return Optional.empty(); // not a FETCH we can read
            }
            r.skipSpaces();
            if (item.equalsIgnoreCase("UID")) {
                uid = r.readLong();
            } else if (item.equalsIgnoreCase("FLAGS")) {
                String[] names = r.readSimpleList();
                flags = new TreeSet<>(names == null ? List.of() : Arrays.asList(names));
                flags.remove("\\Recent");
            } else if (item.equalsIgnoreCase(attribute)) {
                value = readValue(r);
            } else {
                skipValue(r);
            }
        } while (!r.isNextNonSpace(')'));
        return uid > 0 && value != null && !value.isEmpty()
                ? Optional.of(new Entry(uid, key(value), flags)) : Optional.empty();
    }

    /** An atom, number or string; EMAILID's {@code (M6d99ac3275bb4e)} parenthesised form too. */
    private static String readValue(IMAPResponse r) {
        if (r.peekByte() == '(') {
            r.readByte();
            String v = r.readAtomString();
            r.isNextNonSpace(')');
            return v;
        }
        return r.readAtomString();
    }

    private static void skipValue(IMAPResponse r) {
        if (r.peekByte() != '(') {
            r.readAtomString();
            return;
        }
        int depth = 0;
        do {
            byte b = r.readByte();
            if (b == '(') {
                depth++;
            } else if (b == ')') {
                depth--;
            } else if (b == 0) {
                return;
            }
        } while (depth > 0);
    }
}
