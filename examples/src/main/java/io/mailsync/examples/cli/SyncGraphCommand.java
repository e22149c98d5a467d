package io.mailsync.examples.cli;

import io.mailsync.core.AccountId;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.Credential;
import io.mailsync.graph.GraphMailProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code mailsync sync graph}: a Microsoft 365 / Outlook mailbox through Microsoft Graph, with an access token from an
 * environment variable. Delegated ({@code /me}) by default; {@code --app-only} reads {@code /users/{--user}}.
 * {@code --base-url} points at a national cloud, a proxy, or the test kit's Graph fake. Real time polls (webhooks
 * need a public HTTPS endpoint, which a CLI does not have).
 */
@Command(name = "graph", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Syncs a Microsoft 365 / Outlook mailbox through Microsoft Graph.")
public final class SyncGraphCommand implements Callable<Integer> {

    @ParentCommand
    SyncCommand parent;

    @Option(names = "--token-env", required = true, paramLabel = "VAR",
            description = "the environment variable holding an OAuth 2 access token for Graph (Mail.Read)")
    String tokenEnv;

    @Option(names = "--base-url", paramLabel = "URL", defaultValue = GraphMailProvider.GLOBAL,
            description = "Graph's base URL with version (default: ${DEFAULT-VALUE})")
    String baseUrl;

    @Option(names = "--user", paramLabel = "ADDRESS", description = "the mailbox address (default: me@<base-url host>)")
    String user;

    @Option(names = "--app-only", description = "app-only token: read /users/<--user> instead of /me")
    boolean appOnly;

    @Mixin
    SyncFlags flags;

    @Mixin
    StoreOptions store;

    /** Creates the command (picocli does). */
    public SyncGraphCommand() {
    }

    @Override
    public Integer call() throws Exception {
        MailsyncCli root = parent.root;
        String token = Env.require(root.env, tokenEnv, "--token-env");
        if (appOnly && user == null) {
            throw new CliFailure(ExitCode.USAGE, "--app-only needs --user (the mailbox to read)");
        }
        String email = user != null ? user : "me@" + host(baseUrl);
        GraphMailProvider provider;
        try {
            GraphMailProvider.Builder b = GraphMailProvider.builder().baseUrl(baseUrl);
            if (appOnly) {
                b.appOnly(SyncOptions::email);
            }
            provider = b.build();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage() + " (--base-url)", e);
        }
        String account = flags.account != null ? flags.account : "graph:" + email;
        SyncOptions options = SyncOptions.builder().provider(Provider.MICROSOFT).accountId(AccountId.of(account))
                .userId(email).email(email).enableWebhooks(false).build();
        return new SyncRunner(root, store, flags).run(provider, new SyncRunner.Request(options,
                Credential.oauth2(email, token, null, null), baseUrl, "the token in " + tokenEnv + " (--token-env)",
                Set.of()));
    }

    static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            if (host == null) {
                throw new IllegalArgumentException("no host");
            }
            return host;
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "not a URL: " + url + " (--base-url / --root-url)", e);
        }
    }
}
