package io.mailsync.examples.cli;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.AccountRecord;
import io.mailsync.core.spi.StoredCursor;
import io.mailsync.examples.demo.Database;
import io.mailsync.jdbc.JdbcMailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mailsync status}: every account in the store (or one), as the store last saw it: provider, address,
 * state, last successful sync, last error, messages stored, folders with a cursor and the age of the oldest one.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Shows each account's sync status as recorded in the store.")
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    MailsyncCli root;

    @Option(names = "--account", paramLabel = "ID", description = "only this account")
    String account;

    @Mixin
    StoreOptions store;

    /** Creates the command (picocli does). */
    public StatusCommand() {
    }

    @Override
    public Integer call() {
        try (Database db = store.open(root.env)) {
            JdbcMailStore s = store.store(db);
            List<AccountRecord> accounts = s.findAll().stream()
                    .filter(r -> account == null || r.accountId().value().equals(account))
                    .sorted(Comparator.comparing(r -> r.accountId().value())).toList();
            if (account != null && accounts.isEmpty()) {
                throw new CliFailure(ExitCode.USAGE, "no account " + account + " in " + db.describe()
                        + ": `mailsync status` lists them");
            }
            print(root.out, s, accounts);
            return ExitCode.OK;
        }
    }

    private static void print(PrintStream out, JdbcMailStore s, List<AccountRecord> accounts) {
        if (accounts.isEmpty()) {
            out.println("no accounts yet: run `mailsync sync ...` first");
            return;
        }
        out.printf("%-32s %-9s %-15s %9s %7s %-20s %-12s %s%n", "account", "provider", "state", "messages", "folders",
                "last sync", "oldest cursor", "last error");
        Instant now = Instant.now();
        for (AccountRecord r : accounts) {
            AccountId id = r.accountId();
            List<StoredCursor> cursors = s.loadAll(id);
            String oldest = cursors.stream().map(StoredCursor::updatedAt).min(Comparator.naturalOrder())
                    .map(t -> age(Duration.between(t, now))).orElse("-");
            out.printf("%-32s %-9s %-15s %,9d %7d %-20s %-12s %s%n", id.value(), r.options().provider(), r.state(),
                    s.count(id), cursors.size(),
                    r.lastSyncAt().map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("never"), oldest,
                    r.lastError().map(e -> e.category() + ": " + e.message()).orElse("-"));
        }
    }

    private static String age(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + " d ago";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h ago";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + " min ago" : d.toSeconds() + " s ago";
    }
}
