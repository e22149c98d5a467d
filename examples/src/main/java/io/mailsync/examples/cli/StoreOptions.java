package io.mailsync.examples.cli;

import io.mailsync.examples.demo.Database;
import io.mailsync.jdbc.JdbcMailStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the CLI keeps mail: {@code --jdbc-url} (the user's PostgreSQL) or, by default, an embedded PostgreSQL whose
 * data lives in {@code --data-dir} (default {@code ~/.mailsync/pgdata}), so {@code status} and {@code reset} see what
 * an earlier {@code sync} stored. A picocli mixin; not thread-safe.
 */
public final class StoreOptions {

    /** The default embedded data directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("user.home"), ".mailsync", "pgdata");

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "the PostgreSQL to use (jdbc:postgresql://host:5432/db); default: an embedded one")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "the user for --jdbc-url")
    String jdbcUser;

    @Option(names = "--jdbc-password-env", paramLabel = "VAR",
            description = "the environment variable holding the password for --jdbc-url")
    String jdbcPasswordEnv;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "the embedded PostgreSQL's data directory, kept between runs (default: ~/.mailsync/pgdata)")
    Path dataDir;

    @Option(names = "--schema", paramLabel = "NAME", defaultValue = "mailsync",
            description = "the schema holding mailsync's tables (default: ${DEFAULT-VALUE})")
    String schema;

    /** Creates the options (picocli fills them). */
    public StoreOptions() {
    }

    /**
     * Starts or names the database.
     *
     * @throws CliFailure {@link ExitCode#USAGE} for a missing variable, {@link ExitCode#STORE} when it cannot start
     */
    Database open(UnaryOperator<String> env) {
        if (jdbcUrl != null) {
            if (dataDir != null) {
                throw new CliFailure(ExitCode.USAGE, "--data-dir is for the embedded PostgreSQL; drop it or --jdbc-url");
            }
            String password = null;
            if (jdbcPasswordEnv != null) {
                password = env.apply(jdbcPasswordEnv);
                if (password == null) {
                    throw new CliFailure(ExitCode.USAGE, "the environment variable " + jdbcPasswordEnv
                            + " (--jdbc-password-env) is not set");
                }
            }
            return Database.external(jdbcUrl, jdbcUser, password);
        }
        Path dir = dataDir != null ? dataDir : DEFAULT_DATA_DIR;
        try {
            return Database.embedded(Optional.of(dir));
        } catch (RuntimeException e) {
            throw new CliFailure(ExitCode.STORE, "the embedded PostgreSQL could not start in " + dir + " ("
                    + Failures.rootMessage(e) + "): is another mailsync using it? Or choose another --data-dir", e);
        }
    }

    /**
     * The store of {@link #open}'s database.
     *
     * @throws CliFailure {@link ExitCode#STORE} when PostgreSQL cannot be reached, refuses the login or the schema
     */
    JdbcMailStore store(Database db) {
        try {
            return db.store(schema);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage() + " (--jdbc-url / --schema)", e);
        } catch (RuntimeException e) {
            throw new CliFailure(ExitCode.STORE, "cannot use " + db.describe() + ": " + Failures.rootMessage(e)
                    + (jdbcUrl != null ? " (check --jdbc-url, --jdbc-user, --jdbc-password-env)" : ""), e);
        }
    }
}
