package io.mailsync.imap.internal;

import io.mailsync.core.FolderRole;
import io.mailsync.imap.ImapSecurity;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The validated configuration of an IMAP provider (built by {@code ImapMailProvider.Builder}).
 *
 * @param host                 the server
 * @param port                 its port
 * @param security             TLS, STARTTLS or plain
 * @param connectTimeout       TCP connect timeout
 * @param readTimeout          socket read timeout (not applied while idling)
 * @param includeFolders       folder full names to sync; empty for every selectable folder
 * @param excludeRoles         roles never synced (for example {@code ALL_MAIL} on Gmail, which repeats every folder)
 * @param maxPageSize          the largest page, whatever the engine asks
 * @param bodyMaxBytes         bodies of messages up to this size are fetched and parsed; 0 never fetches bodies
 * @param idleFolders          folder full names watched with IDLE (INBOX by default)
 * @param maxIdleTime          IDLE is re-issued after this long (RFC 2177: under 30 minutes)
 * @param keepAliveCommand     the command sent between two IDLEs and to poll where IDLE is missing ({@code NOOP})
 * @param noopPollInterval     how often to send it where the server has no IDLE
 * @param connectionsPerSecond how many connections the provider opens per second at most, over all accounts
 * @param syncConnectionIdleTimeout a session's (sync) connection unused this long is closed; zero keeps it open
 * @param reconnectBackoffMin  first delay before an IDLE connection is re-opened
 * @param reconnectBackoffMax  longest such delay
 * @param useCondstore         whether to use CONDSTORE/QRESYNC when advertised
 * @param extraProperties      Jakarta Mail session properties added as given (trust stores, server quirks)
 * @param stableIdAttribute    a FETCH attribute holding a stable per-message id ({@code X-GUID} on Dovecot); empty for
 *                             none configured
 * @param detectStableIds      whether {@code EMAILID} (OBJECTID, RFC 8474) and {@code X-GM-MSGID} (X-GM-EXT-1) are
 *                             used when the server advertises them
 */
public record ImapSettings(
        String host, int port, ImapSecurity security, Duration connectTimeout, Duration readTimeout,
        Set<String> includeFolders, Set<FolderRole> excludeRoles, int maxPageSize, long bodyMaxBytes,
        Set<String> idleFolders, Duration maxIdleTime, String keepAliveCommand, Duration noopPollInterval,
        double connectionsPerSecond, Duration syncConnectionIdleTimeout, Duration reconnectBackoffMin,
        Duration reconnectBackoffMax, boolean useCondstore, Map<String, String> extraProperties, String stableIdAttribute,
        boolean detectStableIds) {

    public ImapSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(syncConnectionIdleTimeout, "syncConnectionIdleTimeout");
        includeFolders = Set.copyOf(includeFolders);
        excludeRoles = Set.copyOf(excludeRoles);
        idleFolders = Set.copyOf(idleFolders);
        extraProperties = Map.copyOf(extraProperties);
        Objects.requireNonNull(stableIdAttribute, "stableIdAttribute");
    }
}
