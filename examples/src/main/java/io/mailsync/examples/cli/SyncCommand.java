package io.mailsync.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mailsync sync}: the parent of {@code sync imap}, {@code sync graph} and {@code sync gmail}. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Historical sync of one mailbox into the store, then real time with --follow.",
        subcommands = {SyncImapCommand.class, SyncGraphCommand.class, SyncGmailCommand.class})
public final class SyncCommand implements Runnable {

    @ParentCommand
    MailsyncCli root;

    @Spec
    CommandSpec spec;

    /** Creates the command (picocli does). */
    public SyncCommand() {
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a provider is required: imap, graph or gmail");
    }
}
