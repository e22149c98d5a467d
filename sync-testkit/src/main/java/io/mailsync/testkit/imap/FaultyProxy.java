package io.mailsync.testkit.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of a test server that can break a connection in the middle of a server response: after a
 * given number of further bytes from the server it sends what it is told ({@code * BYE ...}, a {@code NO}, garbage)
 * and closes the connection — a server dying mid-fetch. Thread-safe.
 */
public final class FaultyProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong cutAfter = new AtomicLong(-1);
    private final AtomicReference<byte[]> lastWords = new AtomicReference<>(new byte[0]);
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean closed;
    private volatile byte[] hiddenCapability;
    private final StringBuffer clientLog = new StringBuffer();

    private FaultyProxy(ServerSocket listener, String targetHost, int targetPort) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** A proxy on a free loopback port forwarding to {@code server}. */
    public static FaultyProxy start(ImapServer server) {
        try {
            ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            FaultyProxy proxy = new FaultyProxy(listener, server.host(), server.port());
            Thread.ofVirtual().name("faulty-proxy-accept").start(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The proxy's port. */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Breaks the next connection that receives {@code afterBytes} more bytes from the server: it then gets
     * {@code lastWords} and is closed. One cut per call.
     */
    public void cutAfter(long afterBytes, byte[] lastWords) {
        this.lastWords.set(lastWords.clone());
        this.cutAfter.set(afterBytes);
    }

    /**
     * Hides a capability from the client: every {@code " NAME"} the server sends becomes {@code " X"} followed by the
     * rest of the name shortened by one (same length, so literal counts stay right), for example {@code IDLE} becomes
     * {@code XIDL}. Test messages must not contain {@code " NAME"}.
     */
    public void hideCapability(String name) {
        this.hiddenCapability = (" " + name).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Whether any client sent {@code text} (ASCII, case-sensitive) through the proxy so far (first 1 MB kept). */
    public boolean clientSent(String text) {
        return clientLog.indexOf(text) >= 0;
    }

    /** The command lines clients sent since the last {@link #clearClientLog()} (first 1 MB kept). */
    public java.util.List<String> clientCommands() {
        return java.util.Arrays.stream(clientLog.toString().split("\r\n")).filter(l -> !l.isBlank()).toList();
    }

    /** Forgets what clients sent so far, so {@link #clientCommands()} shows only what comes next. */
    public void clearClientLog() {
        clientLog.setLength(0);
    }

    /** How many connections were cut so far. */
    public int cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, false));
                Thread.ofVirtual().start(() -> pump(server, client, true));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        byte[] buf = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (!fromServer && clientLog.length() < 1 << 20) {
                    clientLog.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
                byte[] hidden = hiddenCapability;
                if (fromServer && hidden != null) {
                    hide(buf, n, hidden);
                }
                if (fromServer) {
                    long remaining = cutAfter.get();
                    if (remaining >= 0) {
                        if (n >= remaining && cutAfter.compareAndSet(remaining, -1)) {
                            out.write(buf, 0, (int) remaining);
                            out.write(lastWords.get());
                            out.flush();
                            cuts.incrementAndGet();
                            closeQuietly(from);
                            closeQuietly(to);
                            return;
                        }
                        cutAfter.compareAndSet(remaining, remaining - n);
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void hide(byte[] buf, int n, byte[] name) {
        outer:
        for (int i = 0; i + name.length <= n; i++) {
            for (int k = 0; k < name.length; k++) {
                if (buf[i + k] != name[k]) {
                    continue outer;
                }
            }
            int end = i + name.length;
            if (end < n && buf[end] != ' ' && buf[end] != ']' && buf[end] != '\r') {
                continue; // a longer word (IDLEX)
            }
            buf[i + 1] = 'X';
            System.arraycopy(name, 1, buf, i + 2, name.length - 2); // " IDLE" -> " XIDL"
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Stops accepting and closes every connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(FaultyProxy::closeQuietly);
    }
}
