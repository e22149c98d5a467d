package io.mailsync.examples.cli;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.SyncStateStore;
import io.mailsync.examples.demo.Database;
import io.mailsync.jdbc.JdbcMailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * {@code mailsync reset --account ID}: deletes the account's sync cursors, as {@code MailSync.resetSyncState} does,
 * so the next {@code sync} reads every folder again and reconciles the store with it (messages gone from the server
 * are deleted, nothing is announced twice). Stored messages stay until then.
 */
@Command(name = "reset", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Resets an account's sync state: the next sync re-reads and reconciles every folder.")
public final class ResetCommand implements Callable<Integer> {

    @ParentCommand
    MailsyncCli root;

    @Option(names = "--account", required = true, paramLabel = "ID", description = "the account (see status)")
    String account;

    @Mixin
    StoreOptions store;

    /** Creates the command (picocli does). */
    public ResetCommand() {
    }

    @Override
    public Integer call() {
        try (Database db = store.open(root.env)) {
            JdbcMailStore s = store.store(db);
            AccountId id = AccountId.of(account);
            if (s.find(id).isEmpty()) {
                throw new CliFailure(ExitCode.USAGE, "no account " + account + " in " + db.describe()
                        + ": `mailsync status` lists them");
            }
            int folders = s.loadAll(id).size();
            ((SyncStateStore) s).deleteAll(id);
            root.out.printf("reset %s: the cursors of %d folders are deleted; the next sync reads every folder again "
                    + "and reconciles the %,d stored messages%n", account, folders, s.count(id));
            return ExitCode.OK;
        }
    }
}
