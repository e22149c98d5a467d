package io.mailsync.testkit.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Dovecot (real IMAP with IDLE, CONDSTORE and QRESYNC) started as a child process with its own
 * configuration in a temporary directory: Maildir, users in a passwd-file, a free loopback port, no TLS, special-use
 * folders {@code Sent}, {@code Drafts}, {@code Trash}. Mail is owned by the {@code dovecot} user (Dovecot refuses
 * to serve mail as root). Stopped with SIGTERM by {@link #close()}, which deletes the directory.
 *
 * <pre>{@code
 * Assumptions.assumeTrue(DovecotServer.isInstalled(), DovecotServer.SKIP_MESSAGE);
 * try (DovecotServer dovecot = DovecotServer.start()) {
 *     dovecot.addUser("alice", "secret");
 *     ...
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class DovecotServer implements ImapServer {

    /** Where the Debian package installs the binary. */
    public static final Path BINARY = Path.of("/usr/sbin/dovecot");
    /** What a test that needs Dovecot says when it skips. */
    public static final String SKIP_MESSAGE = "SKIPPED: " + BINARY + " is not installed (apt-get install dovecot-imapd);"
            + " the Dovecot tests did not run";

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final Process process;
    private volatile boolean closed;
    /** Stops Dovecot when the JVM ends without {@link #close()} (a benchmark interrupted with Ctrl-C or SIGTERM). */
    private final Thread shutdownHook = new Thread(this::close, "dovecot-shutdown");

    private DovecotServer(Path dir, int port, int tlsPort, Process process) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.process = process;
    }

    /** Whether {@code /usr/sbin/dovecot} exists here. */
    public static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /** Starts a Dovecot with the default limits (one imap process per connection, up to 500 connections). */
    public static DovecotServer start() {
        return start(SHARED_PROCESSES_ABOVE);
    }

    /**
     * Starts a Dovecot that accepts up to {@code maxConnections} IMAP connections at once (the scale benchmark needs
     * thousands of IDLE connections; past 500 the imap processes are shared, see {@link #limits}).
     *
     * @throws IllegalStateException when Dovecot is not installed or does not start within 20 s
     */
    public static DovecotServer start(int maxConnections) {
        return start(maxConnections, false);
    }

    /**
     * Starts a Dovecot with TLS: a self-signed certificate for {@code 127.0.0.1} (made with {@code openssl}, see
     * {@link #certificate()}), STARTTLS on {@link #port()} and implicit TLS on {@link #tlsPort()}.
     *
     * @throws IllegalStateException when Dovecot or openssl is missing or Dovecot does not start within 20 s
     */
    public static DovecotServer startWithTls() {
        return start(SHARED_PROCESSES_ABOVE, true);
    }

    private static DovecotServer start(int maxConnections, boolean tls) {
        if (!isInstalled()) {
            throw new IllegalStateException(SKIP_MESSAGE);
        }
        try {
            Path dir = Files.createTempDirectory("mailsync-dovecot-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path mail = Files.createDirectories(dir.resolve("mail"));
            Files.createDirectories(dir.resolve("run"));
            Files.writeString(dir.resolve("users"), "");
            chownToDovecot(mail);
            int port = freePort();
            int tlsPort = tls ? freePort() : -1;
            String config = config(dir, port, maxConnections);
            if (tls) {
                selfSignedCertificate(dir);
                config = withTls(config, dir, tlsPort);
            }
            Files.writeString(dir.resolve("dovecot.conf"), config);
            Process process = new ProcessBuilder(BINARY.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("dovecot.stdout").toFile())
                    .start();
            DovecotServer server = new DovecotServer(dir, port, tlsPort, process);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            server.awaitListening(Duration.ofSeconds(20));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start dovecot", e);
        }
    }

    private static void selfSignedCertificate(Path dir) throws IOException {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString());
    }

    private static String withTls(String config, Path dir, int tlsPort) {
        return config.replace("ssl = no\n", "ssl = yes\nssl_cert = <" + dir.resolve("cert.pem") + "\nssl_key = <"
                        + dir.resolve("key.pem") + "\n")
                .replace("  inet_listener imap {", """
                          inet_listener imaps {
                            address = 127.0.0.1
                            port = %d
                            ssl = yes
                          }
                          inet_listener imap {""".formatted(tlsPort));
    }

    private static void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String config(Path dir, int port, int maxConnections) {
        return """
                base_dir = %1$s/run
                instance_name = mailsync-test-%2$d
                protocols = imap
                listen = 127.0.0.1
                ssl = no
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                mail_location = maildir:%1$s/mail/%%u
                mail_uid = dovecot
                mail_gid = dovecot
                first_valid_uid = 1
                log_path = %1$s/dovecot.log
                mail_max_userip_connections = 1000
                namespace inbox {
                  inbox = yes
                  separator = /
                  mailbox Sent {
                    special_use = \\Sent
                    auto = subscribe
                  }
                  mailbox Drafts {
                    special_use = \\Drafts
                    auto = subscribe
                  }
                  mailbox Trash {
                    special_use = \\Trash
                    auto = subscribe
                  }
                }
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %1$s/users
                }
                userdb {
                  driver = static
                  args = uid=dovecot gid=dovecot home=%1$s/mail/%%u
                }
                service imap-login {
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %2$d
                  }
                %3$s}
                """.formatted(dir, port, loginLimits(maxConnections)) + limits(maxConnections);
    }

    /**
     * The process and client limits. Up to {@link #SHARED_PROCESSES_ABOVE} connections: Dovecot's default of one
     * {@code imap} process per connection (what the tests use). Above (the scale benchmark's thousands of IDLE
     * connections), on a small machine:
     * <ul>
     *   <li>{@code imap} processes are shared ({@code service_count = 0}: Dovecot's default of 1 makes a process serve
     *       one client whatever {@code client_limit} says), {@link #imapClientsPerProcess} connections each, about
     *       {@link #SHARED_IMAP_PROCESSES} processes in all: each imap process holds one inotify instance for its IDLE
     *       clients' mailboxes, and Linux allows 128 per user by default ({@code fs.inotify.max_user_instances}, the
     *       {@code dovecot} user of every test server on the machine); past it IDLE falls back to polling every 30 s.
     *       Hibernation ({@code imap_hibernate_timeout}) is not used: each hibernated client keeps its own inotify
     *       instance, so it hits the same limit at 128 clients;</li>
     *   <li>login processes in high-performance mode ({@code service_count = 0}): two long-lived processes (the
     *       machine's cores) that each accept many connections, instead of one fork per login;</li>
     *   <li>client limits stay under the process's file-descriptor limit (20,000 here, which root cannot raise
     *       without {@code CAP_SYS_RESOURCE}).</li>
     * </ul>
     * A connection whose shared process blocks on disk delays that process's other clients: fine for idle
     * connections, a setting of this test server only.
     */
    static String limits(int maxConnections) {
        if (maxConnections <= SHARED_PROCESSES_ABOVE) {
            return """
                    default_process_limit = %1$d
                    default_client_limit = %2$d
                    service anvil {
                      client_limit = %3$d
                    }
                    """.formatted(maxConnections + 10, maxConnections + 100, 2 * maxConnections + 200);
        }
        int perProcess = imapClientsPerProcess(maxConnections);
        int imapProcesses = Math.ceilDiv(maxConnections, perProcess) + 4;
        return """
                default_process_limit = %1$d
                default_client_limit = 1000
                service imap {
                  service_count = 0
                  process_limit = %1$d
                  client_limit = %2$d
                  process_min_avail = 2
                  vsz_limit = 2G
                }
                service auth {
                  client_limit = %3$d
                }
                service anvil {
                  client_limit = %3$d
                }
                """.formatted(imapProcesses, perProcess, imapProcesses + 200);
    }

    /** The inside of {@code service imap-login}: high-performance mode (see {@link #limits}). */
    private static String loginLimits(int maxConnections) {
        return """
                  service_count = 0
                  process_min_avail = 2
                  process_limit = 8
                  client_limit = %d
                  vsz_limit = 1G
                """.formatted(Math.min(maxConnections + 100, 5_000));
    }

    /** Above this many connections the imap processes are shared (see {@link #limits}). */
    static final int SHARED_PROCESSES_ABOVE = 500;
    /** About how many shared imap processes serve a scale run's connections. */
    static final int SHARED_IMAP_PROCESSES = 40;

    /** Connections one {@code imap} process serves: 1 up to {@link #SHARED_PROCESSES_ABOVE}, then shared. */
    static int imapClientsPerProcess(int maxConnections) {
        return maxConnections <= SHARED_PROCESSES_ABOVE ? 1 : Math.ceilDiv(maxConnections, SHARED_IMAP_PROCESSES);
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    /** The implicit-TLS (IMAPS) port of a server from {@link #startWithTls()}. */
    public int tlsPort() {
        if (tlsPort < 0) {
            throw new IllegalStateException("this Dovecot was started without TLS");
        }
        return tlsPort;
    }

    /** The PEM file of the self-signed certificate of a server from {@link #startWithTls()}. */
    public Path certificate() {
        tlsPort();
        return dir.resolve("cert.pem");
    }

    /** The process id of the Dovecot master (its children are the login, imap and auth processes). */
    public long pid() {
        return process.pid();
    }

    /** The server's private directory (configuration, log, Maildirs). */
    public Path directory() {
        return dir;
    }

    /** The server's log, for a failing test's message. */
    public String log() {
        try {
            Path log = dir.resolve("dovecot.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * Adds a user. Dovecot re-reads the passwd-file when it changes, but checks at most once per wall-clock second, so
     * this returns only when the next second has begun (use {@link #addUsers} for many).
     */
    @Override
    public void addUser(String user, String password) {
        addUsers(java.util.Map.of(user, password));
    }

    /** Adds users (name to password) with one write, then waits for the next second as {@link #addUser} does. */
    public synchronized void addUsers(java.util.Map<String, String> users) {
        StringBuilder lines = new StringBuilder();
        users.forEach((user, password) -> {
            if (user.contains(":") || password.contains(":") || user.contains("\n") || password.contains("\n")) {
                throw new IllegalArgumentException("user and password must not contain ':' or line breaks");
            }
            lines.append(user).append(":{PLAIN}").append(password).append("::::::\n");
        });
        try {
            Files.writeString(dir.resolve("users"), lines, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long second = System.currentTimeMillis() / 1000;
        while (System.currentTimeMillis() / 1000 == second) {
            sleep(20);
        }
        sleep(20);
    }

    /**
     * Writes {@code raws} straight into the user's INBOX Maildir ({@code cur/}, no flags), in order, without IMAP:
     * much faster than APPEND for a benchmark's 10,000 messages. Dovecot assigns their UIDs (in the files' name order)
     * when the folder is next opened. Call it before any client has the INBOX open.
     */
    public synchronized void writeToInbox(String user, java.util.List<byte[]> raws) {
        if (user.contains("/") || user.contains("..")) {
            throw new IllegalArgumentException("user must be a plain name, was " + user);
        }
        try {
            Path box = dir.resolve("mail").resolve(user);
            Path cur = Files.createDirectories(box.resolve("cur"));
            Files.createDirectories(box.resolve("new"));
            Files.createDirectories(box.resolve("tmp"));
            long base = System.currentTimeMillis() / 1000;
            for (int i = 0; i < raws.size(); i++) {
                byte[] raw = raws.get(i);
                String name = "%d.M%08dP1.mailsync,S=%d:2,".formatted(base, i, raw.length);
                Files.write(cur.resolve(name), raw);
            }
            chownToDovecot(box);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the Maildir of " + user, e);
        }
    }

    /** Stops Dovecot with SIGTERM (then SIGKILL after 10 s) and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNotAdded) {
                // the hook runs (or never was added): it finds the server closed
            }
        }
        process.destroy(); // SIGTERM to the master, which stops its children
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(dir);
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException("dovecot exited with " + process.exitValue() + ": " + output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        String out = output() + log();
        close();
        throw new IllegalStateException("dovecot did not listen on port " + port + " within " + timeout + ": " + out);
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("dovecot.stdout"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static void chownToDovecot(Path mail) throws IOException {
        try {
            Process chown = new ProcessBuilder("chown", "-R", "dovecot:dovecot", mail.toString()).inheritIO().start();
            if (chown.waitFor() != 0) {
                throw new IOException("chown dovecot:dovecot " + mail + " failed (is the dovecot user there?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
