package io.mailsync.testkit.imap;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Another mail client's view of a test mailbox: appends raw messages, changes flags, expunges, creates and deletes
 * folders, and reads back flags — to change a mailbox under a running sync and to check that the sync changed
 * nothing. One connection; not thread-safe.
 */
public final class ImapTestClient implements AutoCloseable {

    private final Store store;
    private final Session session;

    private ImapTestClient(Session session, Store store) {
        this.session = session;
        this.store = store;
    }

    /** Logs in to {@code host:port} over plain IMAP. */
    public static ImapTestClient connect(String host, int port, String user, String password) {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "10000");
        props.put("mail.imap.timeout", "60000");
        Session session = Session.getInstance(props);
        try {
            Store store = session.getStore("imap");
            store.connect(host, port, user, password);
            return new ImapTestClient(session, store);
        } catch (MessagingException e) {
            throw new IllegalStateException("could not log in to " + host + ":" + port + " as " + user, e);
        }
    }

    /** The underlying store, for what this class does not cover. */
    public Store store() {
        return store;
    }

    /** Creates {@code folder} when it does not exist. */
    public void createFolder(String folder) {
        run(() -> {
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                f.create(Folder.HOLDS_MESSAGES);
            }
        });
    }

    /** Deletes {@code folder} and its messages. */
    public void deleteFolder(String folder) {
        run(() -> store.getFolder(folder).delete(true));
    }

    /** Appends one raw RFC 5322 message; returns its UID (UIDPLUS) or -1 when the server does not say. */
    public long append(String folder, byte[] raw, Flags flags) {
        return appendAll(folder, List.of(raw), flags)[0];
    }

    /** Appends raw messages in one command where the server allows it; returns their UIDs (-1 when unknown). */
    public long[] appendAll(String folder, List<byte[]> raws, Flags flags) {
        return call(() -> {
            IMAPFolder f = (IMAPFolder) store.getFolder(folder);
            Message[] messages = new Message[raws.size()];
            for (int i = 0; i < messages.length; i++) {
                MimeMessage m = new RawMimeMessage(session, raws.get(i));
                if (flags != null) {
                    m.setFlags(flags, true);
                }
                messages[i] = m;
            }
            AppendUID[] uids = f.appendUIDMessages(messages);
            long[] result = new long[messages.length];
            for (int i = 0; i < result.length; i++) {
                result[i] = uids == null || uids[i] == null ? -1 : uids[i].uid;
            }
            return result;
        });
    }

    /** The flags of each message of {@code folder} by UID, in UID order. */
    public Map<Long, Set<String>> flagsByUid(String folder) {
        return call(() -> {
            IMAPFolder f = (IMAPFolder) store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            try {
                Message[] all = f.getMessages();
                FetchProfile fp = new FetchProfile();
                fp.add(UIDFolder.FetchProfileItem.UID);
                fp.add(FetchProfile.Item.FLAGS);
                f.fetch(all, fp);
                Map<Long, Set<String>> flags = new LinkedHashMap<>();
                for (Message m : all) {
                    flags.put(f.getUID(m), flagNames(m.getFlags()));
                }
                return flags;
            } finally {
                f.close(false);
            }
        });
    }

    /** The folder's UIDVALIDITY. */
    public long uidValidity(String folder) {
        return call(() -> ((UIDFolder) store.getFolder(folder)).getUIDValidity());
    }

    /** Sets ({@code set = true}) or clears {@code flags} on the messages with these UIDs. */
    public void setFlags(String folder, Flags flags, boolean set, long... uids) {
        run(() -> {
            IMAPFolder f = (IMAPFolder) store.getFolder(folder);
            f.open(Folder.READ_WRITE);
            try {
                f.setFlags(f.getMessagesByUID(uids), flags, set);
            } finally {
                f.close(false);
            }
        });
    }

    /** Expunges the messages with these UIDs. */
    public void expunge(String folder, long... uids) {
        run(() -> {
            IMAPFolder f = (IMAPFolder) store.getFolder(folder);
            f.open(Folder.READ_WRITE);
            try {
                Message[] ms = Arrays.stream(f.getMessagesByUID(uids)).filter(m -> m != null).toArray(Message[]::new);
                f.setFlags(ms, new Flags(Flags.Flag.DELETED), true);
                f.expunge(ms);
            } finally {
                f.close(false);
            }
        });
    }

    /** The UIDs of {@code folder}, ascending. */
    public List<Long> uids(String folder) {
        return new ArrayList<>(new TreeSet<>(flagsByUid(folder).keySet()));
    }

    /** Flag names as IMAP spells them: system flags with their backslash, then keywords. */
    public static Set<String> flagNames(Flags flags) {
        Set<String> names = new TreeSet<>();
        for (Flags.Flag f : flags.getSystemFlags()) {
            if (f == Flags.Flag.ANSWERED) names.add("\\Answered");
            else if (f == Flags.Flag.DELETED) names.add("\\Deleted");
            else if (f == Flags.Flag.DRAFT) names.add("\\Draft");
            else if (f == Flags.Flag.FLAGGED) names.add("\\Flagged");
            else if (f == Flags.Flag.RECENT) names.add("\\Recent");
            else if (f == Flags.Flag.SEEN) names.add("\\Seen");
        }
        names.addAll(Arrays.asList(flags.getUserFlags()));
        return names;
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (MessagingException e) {
            // closing a test connection: nothing to recover
        }
    }

    private void run(MailAction action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    private <T> T call(MailCall<T> call) {
        try {
            return call.call();
        } catch (MessagingException e) {
            throw new IllegalStateException("IMAP test client: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface MailAction {
        void run() throws MessagingException;
    }

    @FunctionalInterface
    private interface MailCall<T> {
        T call() throws MessagingException;
    }

    /** A message appended byte for byte: no header rewriting (no Message-ID added, no re-encoding). */
    private static final class RawMimeMessage extends MimeMessage {
        RawMimeMessage(Session session, byte[] raw) throws MessagingException {
            super(session, new ByteArrayInputStream(raw));
        }

        @Override
        protected void updateMessageID() {
            // keep the message exactly as given
        }

        @Override
        public void saveChanges() {
            // keep the message exactly as given
        }

        @Override
        public Date getReceivedDate() {
            return null;
        }
    }
}
