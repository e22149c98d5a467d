package io.mailsync.examples.host;

import com.google.crypto.tink.KeysetHandle;
import io.mailsync.imap.ImapSecurity;

import javax.crypto.SecretKey;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link HostApp} is wired from: the database, the providers' endpoints, the webhook settings and the HTTP
 * server. Build with {@link #builder()}; {@link Builder#build()} names the first invalid field. {@link #toString()}
 * redacts the secrets.
 *
 * @param jdbcUrl             the PostgreSQL JDBC URL
 * @param jdbcUser            its user, if not in the URL
 * @param jdbcPassword        its password, if not in the URL
 * @param schema              the schema for mailsync's tables
 * @param credentialKeyset    the Tink AEAD keyset encrypting stored credentials
 * @param bindAddress         where the HTTP server listens
 * @param port                its port (0: any free one)
 * @param publicUrl           the host's public HTTPS base URL (as Graph and Pub/Sub reach it); without it no Graph
 *                            subscription is created and accounts rely on polling
 * @param adminToken          the admin routes' bearer token
 * @param graphBaseUrl        Microsoft Graph's base URL (a national cloud or a fake)
 * @param gmailRootUrl        the Gmail API root URL
 * @param gmailTopic          the Pub/Sub topic {@code users.watch} publishes to, if push is used
 * @param gmailPushAudience   the audience of the push subscription's OIDC tokens; without it no push route
 * @param gmailPushAccount    the service account the push subscription signs as
 * @param gmailCertsUrl       where Google's token signing keys are
 * @param imapHost            the IMAP server, if IMAP accounts are synced
 * @param imapPort            its port
 * @param imapSecurity        TLS, STARTTLS or PLAIN
 * @param graphStateKey       an AES key sealing Graph subscriptions' {@code clientState} in PostgreSQL, so that every
 *                            instance behind the webhook URL (and a restarted one) knows them; without it they are
 *                            kept in memory
 */
public record HostConfig(String jdbcUrl, Optional<String> jdbcUser, Optional<String> jdbcPassword, String schema,
                         KeysetHandle credentialKeyset, String bindAddress, int port, Optional<String> publicUrl,
                         String adminToken, String graphBaseUrl, String gmailRootUrl, Optional<String> gmailTopic,
                         Optional<String> gmailPushAudience, Optional<String> gmailPushAccount, String gmailCertsUrl,
                         Optional<String> imapHost, int imapPort, ImapSecurity imapSecurity,
                         Optional<SecretKey> graphStateKey) {

    public HostConfig {
        require(jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:"), "jdbcUrl must start with jdbc:postgresql:");
        Objects.requireNonNull(credentialKeyset, "credentialKeyset must be set");
        require(port >= 0 && port <= 65_535, "port must be 0 to 65535, was " + port);
        publicUrl.ifPresent(u -> require(isUrl(u), "publicUrl must be an http(s) URL, was " + u));
        require(gmailPushAudience.isPresent() == gmailPushAccount.isPresent(),
                "gmailPushAudience and gmailPushAccount must be set together");
        require(imapPort > 0 && imapPort <= 65_535, "imapPort must be 1 to 65535, was " + imapPort);
        Objects.requireNonNull(imapSecurity, "imapSecurity must be set");
        Objects.requireNonNull(adminToken, "adminToken must be set");
        Objects.requireNonNull(graphStateKey, "graphStateKey");
    }

    /** A builder with the public endpoints of Graph and Gmail and an HTTP server on 127.0.0.1:8080. */
    public static Builder builder() {
        return new Builder();
    }

    private static boolean isUrl(String s) {
        try {
            URI u = URI.create(s);
            return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String toString() {
        return "HostConfig[jdbcUrl=" + jdbcUrl.replaceAll("password=[^&]*", "password=***") + ", schema=" + schema
                + ", http=" + bindAddress + ":" + port + ", publicUrl=" + publicUrl.orElse("none") + ", graph="
                + graphBaseUrl + ", gmail=" + gmailRootUrl + ", gmailPush=" + gmailPushAudience.isPresent()
                + ", imap=" + imapHost.map(h -> h + ":" + imapPort + " " + imapSecurity).orElse("none")
                + ", adminToken=***]";
    }

    /** Builds a {@link HostConfig}. Not thread-safe. */
    public static final class Builder {
        private String jdbcUrl;
        private String jdbcUser;
        private String jdbcPassword;
        private String schema = "mailsync";
        private KeysetHandle keyset;
        private String bindAddress = "127.0.0.1";
        private int port = 8080;
        private String publicUrl;
        private String adminToken;
        private String graphBaseUrl = "https://graph.microsoft.com/v1.0";
        private String gmailRootUrl = "https://gmail.googleapis.com/";
        private String gmailTopic;
        private String gmailPushAudience;
        private String gmailPushAccount;
        private String gmailCertsUrl = "https://www.googleapis.com/oauth2/v3/certs";
        private String imapHost;
        private int imapPort = 993;
        private SecretKey graphStateKey;
        private ImapSecurity imapSecurity = ImapSecurity.TLS;

        private Builder() {
        }

        /** The PostgreSQL JDBC URL, user and password (either may be {@code null} when the URL holds it). Required. */
        public Builder jdbc(String url, String user, String password) {
            this.jdbcUrl = url;
            this.jdbcUser = user;
            this.jdbcPassword = password;
            return this;
        }

        /** The schema of mailsync's tables; default {@code mailsync}. */
        public Builder schema(String schema) { this.schema = schema; return this; }
        /** The Tink AEAD keyset encrypting credentials at rest. Required. */
        public Builder credentialKeyset(KeysetHandle keyset) { this.keyset = keyset; return this; }
        /** Where the HTTP server listens; default 127.0.0.1. */
        public Builder bindAddress(String bindAddress) { this.bindAddress = bindAddress; return this; }
        /** The HTTP port; default 8080, 0 for any free port. */
        public Builder port(int port) { this.port = port; return this; }
        /** The host's public base URL (HTTPS in production) for Graph subscriptions; default none. */
        public Builder publicUrl(String publicUrl) { this.publicUrl = publicUrl; return this; }
        /** The admin routes' bearer token, at least 16 characters. Required. */
        public Builder adminToken(String adminToken) { this.adminToken = adminToken; return this; }
        /** Graph's base URL with version; default the global endpoint. */
        public Builder graphBaseUrl(String url) { this.graphBaseUrl = url; return this; }
        /** The Gmail API root URL (ending with {@code /}); default Google's. */
        public Builder gmailRootUrl(String url) { this.gmailRootUrl = url; return this; }
        /** The Pub/Sub topic for {@code users.watch}; default none (polling only). */
        public Builder gmailTopic(String topic) { this.gmailTopic = topic; return this; }

        /** Mounts the Gmail push route: the push subscription's audience and service account. */
        public Builder gmailPush(String audience, String serviceAccount) {
            this.gmailPushAudience = audience;
            this.gmailPushAccount = serviceAccount;
            return this;
        }

        /** Where the push tokens' signing keys are; default Google's certs URL. */
        public Builder gmailCertsUrl(String url) { this.gmailCertsUrl = url; return this; }

        /** The IMAP server of the host's IMAP accounts. */
        public Builder imap(String host, int port, ImapSecurity security) {
            this.imapHost = host;
            this.imapPort = port;
            this.imapSecurity = security;
            return this;
        }

        /** The AES key (128 or 256 bits) sealing Graph {@code clientState}s in PostgreSQL; default: in memory. */
        public Builder graphStateKey(SecretKey key) { this.graphStateKey = key; return this; }

        /** The configuration; throws {@link IllegalArgumentException} naming the first invalid field. */
        public HostConfig build() {
            return new HostConfig(jdbcUrl, Optional.ofNullable(jdbcUser), Optional.ofNullable(jdbcPassword), schema,
                    keyset, bindAddress, port, Optional.ofNullable(publicUrl).map(Builder::trimSlash), adminToken,
                    graphBaseUrl, gmailRootUrl, Optional.ofNullable(gmailTopic), Optional.ofNullable(gmailPushAudience),
                    Optional.ofNullable(gmailPushAccount), gmailCertsUrl, Optional.ofNullable(imapHost), imapPort,
                    imapSecurity, Optional.ofNullable(graphStateKey));
        }

        private static String trimSlash(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }
}
