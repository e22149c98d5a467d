package io.mailsync.examples.cli;

import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Optional;

/** The options every {@code sync} command shares. A picocli mixin. */
public final class SyncFlags {

    @Option(names = "--account", paramLabel = "ID",
            description = "the account id in the store (default: <provider>:<user>)")
    String account;

    @Option(names = "--limit", paramLabel = "N", description = "at most N messages per folder, the newest")
    Integer limit;

    @Option(names = "--follow", description = "after the historical sync, keep syncing in real time until Ctrl-C")
    boolean follow;

    @Option(names = "--follow-for", paramLabel = "SECONDS",
            description = "with --follow: stop after this many seconds instead of waiting for Ctrl-C")
    Integer followFor;

    @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "60",
            description = "with --follow: polling interval, >= 5 (default: ${DEFAULT-VALUE})")
    int pollSeconds;

    /** Creates the options (picocli fills them). */
    public SyncFlags() {
    }

    /** How long to follow: empty for until Ctrl-C. */
    Optional<Duration> followLimit() {
        return Optional.ofNullable(followFor).map(Duration::ofSeconds);
    }

    /** Checks the values; throws {@link CliFailure} with {@link ExitCode#USAGE}. */
    void validate() {
        if (limit != null && limit < 1) {
            throw new CliFailure(ExitCode.USAGE, "--limit must be >= 1, was " + limit);
        }
        if (followFor != null && (followFor < 1 || !follow)) {
            throw new CliFailure(ExitCode.USAGE, "--follow-for needs --follow and a number of seconds >= 1");
        }
        if (pollSeconds < 5) {
            throw new CliFailure(ExitCode.USAGE, "--poll must be >= 5 seconds, was " + pollSeconds);
        }
    }
}
