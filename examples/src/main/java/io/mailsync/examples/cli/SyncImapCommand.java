package io.mailsync.examples.cli;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.Credential;
import io.mailsync.imap.ImapMailProvider;
import io.mailsync.imap.ImapSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code mailsync sync imap}: one IMAP mailbox, password from an environment variable. */
@Command(name = "imap", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Syncs an IMAP mailbox (IDLE on INBOX with --follow).")
public final class SyncImapCommand implements Callable<Integer> {

    /** How the connection is protected, as typed on the command line. */
    enum Tls { none, starttls, tls }

    @ParentCommand
    SyncCommand parent;

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "the IMAP server")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "default: 993 with --tls tls, 143 otherwise")
    Integer port;

    @Option(names = "--user", required = true, paramLabel = "LOGIN", description = "the IMAP login")
    String user;

    @Option(names = "--password-env", required = true, paramLabel = "VAR",
            description = "the environment variable holding the password")
    String passwordEnv;

    @Option(names = "--tls", paramLabel = "MODE", defaultValue = "tls",
            description = "none, starttls or tls (default: ${DEFAULT-VALUE})")
    Tls tls;

    @Option(names = "--folders", split = ",", paramLabel = "NAME",
            description = "only these folders, comma-separated (default: all)")
    List<String> folders;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "connect timeout (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Mixin
    SyncFlags flags;

    @Mixin
    StoreOptions store;

    /** Creates the command (picocli does). */
    public SyncImapCommand() {
    }

    @Override
    public Integer call() throws Exception {
        MailsyncCli root = parent.root;
        String password = Env.require(root.env, passwordEnv, "--password-env");
        if (port != null && (port < 1 || port > 65_535)) {
            throw new CliFailure(ExitCode.USAGE, "--port must be 1..65535, was " + port);
        }
        if (timeoutSeconds < 1) {
            throw new CliFailure(ExitCode.USAGE, "--timeout must be >= 1 second, was " + timeoutSeconds);
        }
        ImapSecurity security = switch (tls) {
            case none -> ImapSecurity.PLAIN;
            case starttls -> ImapSecurity.STARTTLS;
            case tls -> ImapSecurity.TLS;
        };
        int actualPort = port != null ? port : security.defaultPort();
        Set<String> wanted = folders == null ? Set.of() : new LinkedHashSet<>(folders);
        ImapMailProvider.Builder builder = ImapMailProvider.builder().host(host).port(actualPort).security(security)
                .connectTimeout(Duration.ofSeconds(timeoutSeconds));
        if (!wanted.isEmpty()) {
            builder.includeFolders(wanted);
        }
        ImapMailProvider provider;
        try {
            provider = builder.build();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage(), e);
        }
        String email = user.contains("@") ? user : user + "@" + host;
        String account = flags.account != null ? flags.account : "imap:" + user + "@" + host;
        SyncOptions options = SyncOptions.builder().provider(Provider.IMAP).accountId(AccountId.of(account))
                .userId(user).email(email).build();
        Set<FolderId> folderIds = wanted.stream().map(FolderId::of).collect(Collectors.toSet());
        return new SyncRunner(root, store, flags).run(provider, new SyncRunner.Request(options,
                Credential.password(user, password), host + ":" + actualPort, "--user and --password-env (" + passwordEnv
                + ")", folderIds));
    }
}
