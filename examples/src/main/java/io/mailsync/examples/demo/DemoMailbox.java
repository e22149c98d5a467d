package io.mailsync.examples.demo;

import com.icegreen.greenmail.imap.AuthorizationException;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailsync.testkit.corpus.CorpusMessage;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongConsumer;

/**
 * The demo's mailbox: an in-JVM GreenMail IMAP server on the loopback interface with one user, seeded from the test
 * kit's corpus (through GreenMail's API), and new mail appended to its INBOX with IMAP {@code APPEND} (as another mail
 * client would) while the demo runs. Seeded messages keep the corpus's dates as their INTERNALDATE; delivered ones get the time of
 * delivery. Not thread-safe: one thread seeds and delivers. {@link #close()} stops the server; it is idempotent.
 */
public final class DemoMailbox implements AutoCloseable {

    /** The IMAP login of the demo user. */
    public static final String USER = "demo";
    /** The demo user's address. */
    public static final String EMAIL = "demo@example.com";
    /** The demo user's display name. */
    public static final String NAME = "Demo User";

    private final GreenMail greenMail;
    private final int port;
    private final String password;
    private final GreenMailUser user;
    private boolean closed;

    private DemoMailbox(GreenMail greenMail, int port, String password, GreenMailUser user) {
        this.greenMail = greenMail;
        this.user = user;
        this.port = port;
        this.password = password;
    }

    /**
     * Starts GreenMail's IMAP service on {@code 127.0.0.1:port} with the demo user.
     *
     * @param port     the port; 0 for a free one
     * @param password the demo user's password
     * @return the running mailbox
     *
     * @throws PortInUseException when the port is taken
     */
    public static DemoMailbox start(int port, String password) {
        int chosen = port == 0 ? freePort() : requireFree(port);
        ServerSetup setup = new ServerSetup(chosen, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        setup.setServerStartupTimeout(10_000);
        GreenMail greenMail = new GreenMail(setup);
        greenMail.start();
        GreenMailUser user = greenMail.setUser(EMAIL, USER, password);
        return new DemoMailbox(greenMail, chosen, password, user);
    }

    /**
     * The IMAP port.
     *
     * @return the port GreenMail listens on
     */
    public int port() {
        return port;
    }

    /**
     * The IMAP host.
     *
     * @return a loopback address
     */
    public String host() {
        return "127.0.0.1";
    }

    /**
     * Whether the server is still running.
     *
     * @return false once closed
     */
    public boolean isRunning() {
        return !closed && greenMail.isRunning();
    }

    /**
     * Stores the messages in their corpus folders (created on demand) straight through GreenMail's own API, which is
     * much faster than IMAP APPEND for thousands of messages.
     *
     * @param messages the messages, each with its folder
     * @param progress called with the number stored so far
     *
     * @return how many messages each folder received, in the order folders were first used
     */
    public Map<String, Long> seed(Iterator<CorpusMessage> messages, LongConsumer progress) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, MailFolder> folders = new HashMap<>();
        ImapHostManager host = greenMail.getManagers().getImapHostManager();
        long stored = 0;
        try {
            while (messages.hasNext()) {
                CorpusMessage m = messages.next();
                MailFolder folder = folders.get(m.folder());
                if (folder == null) {
                    folder = host.getFolder(user, m.folder());
                    folder = folder != null ? folder : host.createMailbox(user, m.folder());
                    folders.put(m.folder(), folder);
                }
                Flags flags = m.flags().contains("\\Seen") ? new Flags(Flags.Flag.SEEN) : new Flags();
                folder.appendMessage(new DatedMimeMessage(m.raw(), Date.from(m.receivedAt())), flags,
                        Date.from(m.receivedAt()));
                counts.merge(m.folder(), 1L, Long::sum);
                if (++stored % 100 == 0) {
                    progress.accept(stored);
                }
            }
        } catch (MessagingException | FolderException | AuthorizationException e) {
            throw new IllegalStateException("could not seed the demo mailbox: " + e.getMessage(), e);
        }
        progress.accept(stored);
        return counts;
    }

    /**
     * Delivers one message to INBOX, as new mail arriving, dated now. It goes through GreenMail's own API (as SMTP
     * delivery does, so IDLE clients are told), not IMAP {@code APPEND}: GreenMail 2.1.8 reads the hour of an
     * {@code APPEND} date on a 12-hour clock, which dates mail delivered between noon and one o'clock 12 hours back.
     *
     * @param raw the RFC 5322 message
     */
    public void deliver(byte[] raw) {
        Date now = new Date();
        try {
            MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
            inbox.appendMessage(new DatedMimeMessage(raw, now), new Flags(), now);
        } catch (MessagingException | FolderException e) {
            throw new IllegalStateException("could not deliver to the demo mailbox: " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port on the loopback interface: " + e.getMessage(), e);
        }
    }

    private static int requireFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new PortInUseException(port);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        greenMail.stop();
    }

    /** Thrown when the IMAP port asked for is taken. */
    public static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUseException(int port) {
            super("port " + port + " is already in use on 127.0.0.1: choose another with --imap-port (0 = any free port)");
        }
    }

    /** A message parsed from raw bytes whose received date (its IMAP INTERNALDATE) is given. */
    private static final class DatedMimeMessage extends MimeMessage {
        /** One session for parsing: creating a session reads configuration files, too slow per message. */
        private static final Session PARSING = Session.getInstance(new Properties());

        private final Date receivedAt;

        DatedMimeMessage(byte[] raw, Date receivedAt) throws MessagingException {
            super(PARSING, new ByteArrayInputStream(raw));
            this.receivedAt = receivedAt;
        }

        @Override
        public Date getReceivedDate() {
            return new Date(receivedAt.getTime());
        }
    }
}
