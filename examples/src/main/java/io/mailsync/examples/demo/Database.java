package io.mailsync.examples.demo;

import io.mailsync.jdbc.JdbcMailStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the demo and the CLI keep their mail: an embedded PostgreSQL (zonky, started as a child process and stopped by
 * {@link #close()}) or a server the user names by JDBC URL. Opens one {@link JdbcMailStore} on it. Not thread-safe;
 * {@link #close()} closes the store, then stops the embedded server; it is idempotent.
 */
public final class Database implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private JdbcMailStore store;
    private boolean closed;

    private Database(EmbeddedPostgres embedded, String jdbcUrl, String user, String password) {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts an embedded PostgreSQL. With a data directory the server keeps its data there between runs (created
     * with {@code initdb} when new); without one it uses a temporary directory that is deleted on close.
     *
     * @param dataDirectory where the data lives between runs; empty for a temporary directory
     * @return the running database
     *
     * @throws UncheckedIOException when the server cannot start
     */
    public static Database embedded(Optional<Path> dataDirectory) {
        try {
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
            if (dataDirectory.isPresent()) {
                Files.createDirectories(dataDirectory.get());
                b.setDataDirectory(dataDirectory.get()).setCleanDataDirectory(false);
            }
            EmbeddedPostgres pg = b.start();
            return new Database(pg, pg.getJdbcUrl("postgres", "postgres"), "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL could not start"
                    + dataDirectory.map(d -> " with data directory " + d).orElse("") + ": " + e.getMessage(), e);
        }
    }

    /**
     * A server the user runs; nothing is started or stopped.
     *
     * @param jdbcUrl  its {@code jdbc:postgresql:} URL
     * @param user     the user, or null to take the URL's
     * @param password the password, or null
     * @return the database
     */
    public static Database external(String jdbcUrl, String user, String password) {
        return new Database(null, jdbcUrl, user, password);
    }

    /**
     * The store in {@code schema}, created with its migrations on first call; later calls return the same store.
     *
     * @param schema the schema holding mailsync's tables
     * @return the store, closed by {@link #close()}
     *
     * @throws io.mailsync.core.StoreException when the server cannot be reached or refuses the login
     */
    public JdbcMailStore store(String schema) {
        if (store == null) {
            store = JdbcMailStore.builder().jdbcUrl(jdbcUrl).username(user).password(password).schema(schema)
                    .maximumPoolSize(8).build();
        }
        return store;
    }

    /**
     * Whether this is the embedded server.
     *
     * @return true when this object started it
     */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /**
     * The embedded server's port.
     *
     * @return the port; empty for a user's server
     */
    public Optional<Integer> embeddedPort() {
        return Optional.ofNullable(embedded).map(EmbeddedPostgres::getPort);
    }

    /**
     * Which server this is, for messages.
     *
     * @return a short description without credentials
     */
    public String describe() {
        return embedded != null ? "embedded PostgreSQL on port " + embedded.getPort()
                : "PostgreSQL at " + jdbcUrl.replaceAll("password=[^&]*", "password=***");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("the embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
                }
            }
        }
    }
}
