package io.mailsync.examples.cli;

import io.mailsync.core.AccountId;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.Credential;
import io.mailsync.gmail.GmailMailProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code mailsync sync gmail}: a Gmail mailbox through the Gmail API, with an access token from an environment
 * variable. {@code --root-url} points at a proxy or the test kit's Gmail fake. Real time polls (push needs a
 * Pub/Sub topic).
 */
@Command(name = "gmail", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Syncs a Gmail mailbox through the Gmail API.")
public final class SyncGmailCommand implements Callable<Integer> {

    @ParentCommand
    SyncCommand parent;

    @Option(names = "--token-env", required = true, paramLabel = "VAR",
            description = "the environment variable holding an OAuth 2 access token (gmail.readonly)")
    String tokenEnv;

    @Option(names = "--root-url", paramLabel = "URL", defaultValue = "https://gmail.googleapis.com/",
            description = "the Gmail API root, ending with / (default: ${DEFAULT-VALUE})")
    String rootUrl;

    @Option(names = "--user", paramLabel = "ADDRESS", description = "the mailbox address (default: me@<root-url host>)")
    String user;

    @Mixin
    SyncFlags flags;

    @Mixin
    StoreOptions store;

    /** Creates the command (picocli does). */
    public SyncGmailCommand() {
    }

    @Override
    public Integer call() throws Exception {
        MailsyncCli root = parent.root;
        String token = Env.require(root.env, tokenEnv, "--token-env");
        String email = user != null ? user : "me@" + SyncGraphCommand.host(rootUrl);
        GmailMailProvider provider;
        try {
            provider = GmailMailProvider.builder().rootUrl(rootUrl).build();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage() + " (--root-url)", e);
        }
        String account = flags.account != null ? flags.account : "gmail:" + email;
        SyncOptions options = SyncOptions.builder().provider(Provider.GOOGLE).accountId(AccountId.of(account))
                .userId(email).email(email).enableWebhooks(false).build();
        return new SyncRunner(root, store, flags).run(provider, new SyncRunner.Request(options,
                Credential.oauth2(email, token, null, null), rootUrl, "the token in " + tokenEnv + " (--token-env)",
                Set.of()));
    }
}
