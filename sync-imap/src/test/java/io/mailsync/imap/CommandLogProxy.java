package io.mailsync.imap;

import io.mailsync.testkit.imap.ImapServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a test IMAP server that records what clients send, so a test can count the commands a
 * sync issued (for example the {@code UID FETCH}es of bodies). Thread-safe.
 */
final class CommandLogProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final ImapServer target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final StringBuffer sent = new StringBuffer();
    private volatile boolean closed;

    private CommandLogProxy(ServerSocket listener, ImapServer target) {
        this.listener = listener;
        this.target = target;
    }

    static CommandLogProxy start(ImapServer target) {
        try {
            CommandLogProxy proxy = new CommandLogProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                    target);
            Thread.ofVirtual().name("command-log-proxy").start(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The command lines clients sent since the last {@link #clear()}. */
    List<String> commands() {
        return Arrays.stream(sent.toString().split("\r\n")).filter(l -> !l.isBlank()).toList();
    }

    void clear() {
        sent.setLength(0);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.host(), target.port());
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, true));
                Thread.ofVirtual().start(() -> pump(server, client, false));
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (fromClient) {
                    sent.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close the other below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(CommandLogProxy::closeQuietly);
    }
}
