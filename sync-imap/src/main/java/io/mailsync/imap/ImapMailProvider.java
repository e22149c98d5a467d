package io.mailsync.imap;

import io.mailsync.core.FolderRole;
import io.mailsync.core.Provider;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.core.spi.MailboxSession;
import io.mailsync.imap.internal.ImapConnector;
import io.mailsync.imap.internal.ImapMailboxSession;
import io.mailsync.imap.internal.ImapSettings;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The IMAP {@link MailProvider}: one instance serves every IMAP account of a host on one server (build one per
 * server). Each account's credential comes from its {@link AccountContext}: a password, or an OAuth 2 access token
 * sent with {@code AUTHENTICATE XOAUTH2} and refreshed once when the server rejects it.
 *
 * <pre>{@code
 * ImapMailProvider imap = ImapMailProvider.builder()
 *         .host("imap.example.org")                 // TLS on 993 by default
 *         .bodyMaxBytes(256 * 1024)                 // parse bodies of messages up to 256 KiB
 *         .build();
 * }</pre>
 *
 * <p>What it guarantees: folders are opened read-only ({@code EXAMINE}) and bodies fetched with {@code BODY.PEEK}, so
 * a sync never changes a flag. Message ids are {@link ImapMessageId}s ({@code folder/UIDVALIDITY/UID}); a folder's
 * cursor holds its UIDVALIDITY, last UID, HIGHESTMODSEQ and the set of UIDs stored, and a UIDVALIDITY change raises
 * {@link io.mailsync.core.SyncStateInvalidException} so the engine resyncs and reconciles the folder.
 *
 * <p>Where the server gives stable message ids — {@code EMAILID} with {@code OBJECTID} (RFC 8474), {@code X-GM-MSGID}
 * with {@code X-GM-EXT-1} (Gmail), or an attribute configured with {@link Builder#stableIdAttribute(String)}
 * ({@code X-GUID} on Dovecot) — the cursor also keeps a short key of each stored message's stable id, and a
 * UIDVALIDITY change is handled without a resync: one chunked {@code UID FETCH 1:* (UID FLAGS <id>)}, then the stored
 * messages found again are renamed to their new ids ({@link io.mailsync.core.ChangeBatch#renames()}: no body fetched,
 * no "created" or "deleted" event), those not found are deleted and the rest are fetched as new mail. Thread-safe.
 */
public final class ImapMailProvider implements MailProvider {

    private final ImapSettings settings;
    private final ImapConnector connector;

    private ImapMailProvider(ImapSettings settings) {
        this.settings = settings;
        this.connector = new ImapConnector(settings);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Provider provider() {
        return Provider.IMAP;
    }

    /** A session for the account; it connects on first use. */
    @Override
    public MailboxSession open(AccountContext context) {
        return new ImapMailboxSession(context, settings, connector);
    }

    /**
     * IDLE connections open now over all accounts: connected, folder selected, idling (or polling where the server
     * has no IDLE). A gauge for monitoring; an account whose watcher is reconnecting is not counted.
     */
    public int idleConnections() {
        return connector.idleConnections();
    }

    /** Stops the provider's shared resources. Idempotent. */
    @Override
    public void close() {
        connector.close();
    }

    /** Builds an {@link ImapMailProvider}; {@link #build()} names the first invalid setting. Not thread-safe. */
    public static final class Builder {
        private String host;
        private Integer port;
        private ImapSecurity security = ImapSecurity.TLS;
        private Duration connectTimeout = Duration.ofSeconds(15);
        private Duration readTimeout = Duration.ofSeconds(60);
        private Set<String> includeFolders = Set.of();
        private Set<FolderRole> excludeRoles = EnumSet.noneOf(FolderRole.class);
        private int maxPageSize = 500;
        private long bodyMaxBytes = 256 * 1024;
        private Set<String> idleFolders = Set.of("INBOX");
        private Duration maxIdleTime = Duration.ofMinutes(29);
        private String keepAliveCommand = "NOOP";
        private Duration noopPollInterval = Duration.ofSeconds(60);
        private double connectionsPerSecond = 50;
        private Duration syncConnectionIdleTimeout = Duration.ofMinutes(5);
        private Duration reconnectBackoffMin = Duration.ofSeconds(1);
        private Duration reconnectBackoffMax = Duration.ofMinutes(5);
        private boolean useCondstore = true;
        private String stableIdAttribute = "";
        private boolean detectStableIds = true;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** The server's host name. Required. */
        public Builder host(String host) { this.host = host; return this; }

        /** The port; default from {@link #security(ImapSecurity)} (993 for TLS, 143 otherwise). */
        public Builder port(int port) { this.port = port; return this; }

        /** TLS (default), STARTTLS, or PLAIN (local tests only). */
        public Builder security(ImapSecurity security) { this.security = security; return this; }

        /** TCP connect timeout; default 15 s. */
        public Builder connectTimeout(Duration timeout) { this.connectTimeout = timeout; return this; }

        /** Socket read timeout for commands; default 60 s. IDLE is not cut by it. */
        public Builder readTimeout(Duration timeout) { this.readTimeout = timeout; return this; }

        /** Only these folders (full names) are synced; default every selectable folder. */
        public Builder includeFolders(Set<String> folders) { this.includeFolders = folders; return this; }

        /** Folders with these roles are not synced (for example {@code ALL_MAIL}, which repeats every folder). */
        public Builder excludeRoles(Set<FolderRole> roles) { this.excludeRoles = roles; return this; }

        /** The largest page fetched at once, whatever the engine asks; 1..10,000, default 500. */
        public Builder maxPageSize(int maxPageSize) { this.maxPageSize = maxPageSize; return this; }

        /** Bodies of messages up to this many bytes are fetched and parsed; 0 fetches none. Default 256 KiB. */
        public Builder bodyMaxBytes(long bytes) { this.bodyMaxBytes = bytes; return this; }

        /** Folders watched with IDLE; default INBOX only. One connection per folder and account. */
        public Builder idleFolders(Set<String> folders) { this.idleFolders = folders; return this; }

        /**
         * IDLE is ended and re-issued (with the keep-alive command in between) after this long; 100 ms..29 min, default
         * 29 min. Some servers drop an IDLE after a few minutes and need less. Dovecot tells an IDLE client about a
         * change only 500 ms after it ({@code NOTIFY_DELAY_MSECS} in its {@code mailbox-watch.c}, fixed) but looks at
         * the mailbox at once when IDLE starts: a value such as 200 ms brings new mail in under 300 ms there, at the
         * cost of a DONE/NOOP/IDLE exchange five times a second per watched folder (fine for a few accounts, not for
         * thousands).
         */
        public Builder maxIdleTime(Duration maxIdleTime) { this.maxIdleTime = maxIdleTime; return this; }

        /** The command sent between IDLEs and to poll servers without IDLE; default {@code NOOP}. */
        public Builder keepAliveCommand(String command) { this.keepAliveCommand = command; return this; }

        /** How often to poll with the keep-alive command where IDLE is missing; default 60 s, at least 1 s. */
        public Builder noopPollInterval(Duration interval) { this.noopPollInterval = interval; return this; }

        /** Connections opened per second at most, over all accounts (a server's connection-rate quirk); default 50. */
        public Builder connectionsPerSecond(double rate) { this.connectionsPerSecond = rate; return this; }

        /**
         * A sync connection unused this long is closed, and the next sync opens another; default 5 minutes,
         * {@link Duration#ZERO} keeps it open. In real-time sync each account holds its IDLE connection(s) and,
         * until this timeout, its sync connection: a host with thousands of accounts halves its connections (file
         * descriptors here, processes or memory at the server) with a short timeout, at the cost of a login before
         * the sync of a change that comes after a quiet period.
         */
        public Builder syncConnectionIdleTimeout(Duration timeout) {
            this.syncConnectionIdleTimeout = timeout;
            return this;
        }

        /** Backoff before re-opening a dropped IDLE connection: from {@code min} doubling to {@code max}. */
        public Builder reconnectBackoff(Duration min, Duration max) {
            this.reconnectBackoffMin = min;
            this.reconnectBackoffMax = max;
            return this;
        }

        /** Whether CONDSTORE/QRESYNC are used when advertised (default true; off for servers that break them). */
        public Builder useCondstore(boolean use) { this.useCondstore = use; return this; }

        /**
         * A FETCH attribute that holds a stable id per message, surviving a UIDVALIDITY change: a per-server quirk,
         * for example {@code X-GUID} on Dovecot. When set, it is used instead of the advertised ones (see
         * {@link #detectStableIds(boolean)}). Default none.
         */
        public Builder stableIdAttribute(String attribute) { this.stableIdAttribute = attribute; return this; }

        /**
         * Whether stable ids advertised by the server are used: {@code EMAILID} with {@code OBJECTID} (RFC 8474),
         * {@code X-GM-MSGID} with {@code X-GM-EXT-1} (Gmail). Default true.
         */
        public Builder detectStableIds(boolean detect) { this.detectStableIds = detect; return this; }

        /** Adds a Jakarta Mail session property ({@code mail.imaps.ssl.trust}, ...). */
        public Builder property(String name, String value) { extraProperties.put(name, value); return this; }

        /** The provider; throws {@link IllegalArgumentException} naming the first invalid setting. */
        public ImapMailProvider build() {
            require(host != null && !host.isBlank(), "host must be set");
            require(security != null, "security must be set");
            int p = port != null ? port : security.defaultPort();
            require(p >= 1 && p <= 65_535, "port must be in 1..65535, was " + p);
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(readTimeout, "readTimeout");
            require(includeFolders != null, "includeFolders must not be null");
            require(excludeRoles != null, "excludeRoles must not be null");
            require(maxPageSize >= 1 && maxPageSize <= 10_000, "maxPageSize must be in 1..10000, was " + maxPageSize);
            require(bodyMaxBytes >= 0, "bodyMaxBytes must be >= 0, was " + bodyMaxBytes);
            require(idleFolders != null, "idleFolders must not be null");
            requirePositive(maxIdleTime, "maxIdleTime");
            require(maxIdleTime.compareTo(Duration.ofMillis(100)) >= 0
                    && maxIdleTime.compareTo(Duration.ofMinutes(29)) <= 0,
                    "maxIdleTime must be in 100ms..29min, was " + maxIdleTime);
            require(keepAliveCommand != null && keepAliveCommand.matches("[A-Za-z]+( [A-Za-z0-9]+)*"),
                    "keepAliveCommand must be an IMAP command without arguments like NOOP or CHECK, was " + keepAliveCommand);
            requirePositive(noopPollInterval, "noopPollInterval");
            require(connectionsPerSecond > 0 && Double.isFinite(connectionsPerSecond),
                    "connectionsPerSecond must be > 0, was " + connectionsPerSecond);
            require(syncConnectionIdleTimeout != null && !syncConnectionIdleTimeout.isNegative(),
                    "syncConnectionIdleTimeout must be >= 0, was " + syncConnectionIdleTimeout);
            requirePositive(reconnectBackoffMin, "reconnectBackoffMin");
            require(reconnectBackoffMax != null && reconnectBackoffMax.compareTo(reconnectBackoffMin) >= 0,
                    "reconnectBackoffMax must be >= reconnectBackoffMin (" + reconnectBackoffMin + "), was "
                            + reconnectBackoffMax);
            require(stableIdAttribute != null && (stableIdAttribute.isEmpty()
                            || stableIdAttribute.matches("[A-Za-z][A-Za-z0-9.-]*")),
                    "stableIdAttribute must be a FETCH attribute name like X-GUID, was " + stableIdAttribute);
            return new ImapMailProvider(new ImapSettings(host, p, security, connectTimeout, readTimeout,
                    includeFolders, excludeRoles, maxPageSize, bodyMaxBytes, idleFolders, maxIdleTime,
                    keepAliveCommand.toUpperCase(Locale.ROOT), noopPollInterval, connectionsPerSecond,
                    syncConnectionIdleTimeout, reconnectBackoffMin, reconnectBackoffMax, useCondstore, extraProperties,
                    stableIdAttribute.toUpperCase(Locale.ROOT), detectStableIds));
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }

        private static void requirePositive(Duration d, String name) {
            require(d != null && !d.isNegative() && !d.isZero(), name + " must be > 0, was " + d);
        }
    }
}
