package io.mailsync.testkit.imap;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An in-JVM GreenMail IMAP server on a free loopback port: fast, no CONDSTORE/QRESYNC, so it exercises a provider's
 * fallbacks (flag compare, UID-set compare). Thread-safe.
 */
public final class GreenMailImap implements ImapServer {

    private final GreenMail greenMail;
    private final int port;

    private GreenMailImap(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    /** Starts GreenMail's IMAP service on a free port. */
    public static GreenMailImap start() {
        int port;
        try {
            port = DovecotServer.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        setup.setServerStartupTimeout(10_000);
        GreenMail greenMail = new GreenMail(setup);
        greenMail.start();
        return new GreenMailImap(greenMail, port);
    }

    /** The running GreenMail, for what this wrapper does not cover. */
    public GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void addUser(String user, String password) {
        greenMail.setUser(user + "@localhost", user, password);
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
