package io.mailsync.imap.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.ProviderUnavailableException;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.Credential;
import io.mailsync.imap.ImapSecurity;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens authenticated IMAP connections for the provider's accounts: Jakarta Mail sessions for password and XOAUTH2
 * logins, timeouts, {@code mail.imap.peek} (bodies never mark mail read), and one connection-rate limit shared by
 * every account. Thread-safe.
 */
public final class ImapConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImapConnector.class);

    private static final java.util.concurrent.Executor EVENTS = runnable ->
            Thread.ofVirtual().name("mailsync-imap-events").start(runnable);

    private final ImapSettings settings;
    private final Session passwordSession;
    private final Session oauthSession;
    private final ConnectionRate connectionRate;
    /** IDLE connections connected with their folder open, over all accounts (a gauge). */
    private final AtomicInteger idling = new AtomicInteger();
    private final ThreadFactory idleThreads;
    private final ThreadFactory workerThreads;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("mailsync-imap-timer").factory());

    public ImapConnector(ImapSettings settings) {
        StreamProviderShortcut.install();
        this.settings = settings;
        this.passwordSession = Session.getInstance(properties(settings, false, scheduler));
        this.oauthSession = Session.getInstance(properties(settings, true, scheduler));
        this.connectionRate = new ConnectionRate(settings.connectionsPerSecond(), Duration.ofMinutes(10));
        // IDLE blocks in a socket read inside Angus' synchronized methods: on Java 21-23 that pins a virtual thread's
        // carrier, so platform threads are used there; from Java 24 (JEP 491) virtual threads do not pin.
        this.idleThreads = Runtime.version().feature() >= 24
                ? Thread.ofVirtual().name("mailsync-imap-idle-", 0).factory()
                : Thread.ofPlatform().daemon().name("mailsync-imap-idle-", 0).factory();
        this.workerThreads = Runtime.version().feature() >= 24
                ? Thread.ofVirtual().name("mailsync-imap-readahead-", 0).factory()
                : Thread.ofPlatform().daemon().name("mailsync-imap-readahead-", 0).factory();
    }

    ImapSettings settings() {
        return settings;
    }

    private final FetchHealth health = new FetchHealth();

    FetchHealth health() {
        return health;
    }

    ThreadFactory idleThreads() {
        return idleThreads;
    }

    /** Threads that read a historical round's next page ahead (same pinning rule as the IDLE threads). */
    ThreadFactory workerThreads() {
        return workerThreads;
    }

    /** IDLE connections open now, over all accounts (see {@code ImapMailProvider.idleConnections()}). */
    public int idleConnections() {
        return idling.get();
    }

    /** Counts an IDLE connection in {@link #idleConnections()} until {@link #idleEnded()}. */
    void idleStarted() {
        idling.incrementAndGet();
    }

    void idleEnded() {
        idling.decrementAndGet();
    }

    /** One timer thread for every account's IDLE re-issue. */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * A connected store for the account, after waiting for the shared connection rate. A rejected OAuth 2 token is
     * refreshed once through the account's credentials.
     *
     * @throws AuthenticationRequiredException when the server rejects the credential
     * @throws ProviderUnavailableException    when the server cannot be reached
     */
    IMAPStore connect(AccountContext context) {
        AccountId accountId = context.accountId();
        Credential credential = context.credentials().current();
        try {
            return login(accountId, credential);
        } catch (AuthenticationFailedException first) {
            if (credential.kind() != Credential.Kind.OAUTH2) {
                throw new AuthenticationRequiredException(accountId, "the IMAP server rejected the password of "
                        + credential.username(), first.getMessage(), first);
            }
            Credential refreshed = context.credentials().refreshAfterRejection(credential);
            try {
                return login(accountId, refreshed);
            } catch (AuthenticationFailedException second) {
                throw new AuthenticationRequiredException(accountId, "the IMAP server rejected a refreshed OAuth 2"
                        + " token of " + credential.username(), second.getMessage(), second);
            } catch (MessagingException e) {
                throw ImapErrors.translate(accountId, "connecting to " + settings.host(), e);
            }
        } catch (MessagingException e) {
            throw ImapErrors.translate(accountId, "connecting to " + settings.host(), e);
        }
    }

    private IMAPStore login(AccountId accountId, Credential credential) throws MessagingException {
        connectionRate.acquire(accountId);
        boolean oauth = credential.kind() == Credential.Kind.OAUTH2;
        Session session = oauth ? oauthSession : passwordSession;
        IMAPStore store = (IMAPStore) session.getStore(settings.security() == ImapSecurity.TLS ? "imaps" : "imap");
        store.connect(settings.host(), settings.port(), credential.username(), credential.secret());
        LOG.debug("connected account {} to {}:{} as {}", accountId, settings.host(), settings.port(),
                credential.username());
        return store;
    }

    private static Properties properties(ImapSettings s, boolean oauth, ScheduledExecutorService scheduler) {
        Properties p = new Properties();
        for (String proto : new String[] {"imap", "imaps"}) {
            String k = "mail." + proto + ".";
            p.put(k + "connectiontimeout", String.valueOf(s.connectTimeout().toMillis()));
            p.put(k + "timeout", String.valueOf(s.readTimeout().toMillis()));
            p.put(k + "writetimeout", String.valueOf(s.readTimeout().toMillis()));
            p.put(k + "executor.writetimeout", scheduler); // shared: Angus' default is one thread per socket
            p.put(k + "peek", "true");
            p.put(k + "partialfetch", "false");
            p.put(k + "fetchsize", String.valueOf(1024 * 1024));
            p.put(k + "starttls.enable", String.valueOf(s.security() == ImapSecurity.STARTTLS));
            p.put(k + "starttls.required", String.valueOf(s.security() == ImapSecurity.STARTTLS));
            p.put(k + "ssl.checkserveridentity", "true");
            p.put(k + "connectionpoolsize", "1");
            if (oauth) {
                p.put(k + "auth.mechanisms", "XOAUTH2");
                p.put(k + "auth.xoauth2.disable", "false");
                p.put(k + "auth.login.disable", "true");
                p.put(k + "auth.plain.disable", "true");
            }
        }
        // Jakarta Mail delivers store and folder events on one queue thread per store: virtual threads, not thousands
        // of platform threads for thousands of accounts
        p.put("mail.event.executor", EVENTS);
        p.put("mail.mime.decodetext.strict", "false");
        p.put("mail.mime.address.strict", "false");
        p.put("mail.mime.parameters.strict", "false");
        p.putAll(s.extraProperties());
        return p;
    }

    @Override
    public void close() {
        scheduler.shutdownNow(); // sessions and watchers close their own connections
    }
}
