package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.MailFolder;
import io.mailsync.core.Provider;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.FetchRequest;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.core.spi.MailboxSession;
import io.mailsync.core.spi.PushRegistration;
import io.mailsync.core.spi.PushTarget;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link MailProvider} whose mailboxes a test scripts: deliver, flag and delete messages, make fetches slow, inject
 * 429s with Retry-After, timeouts, invalid cursors and authentication failures, offer push. Use it to drive
 * {@link io.mailsync.core.MailSync} without a mail server:
 *
 * <pre>{@code
 * ScriptedMailProvider provider = new ScriptedMailProvider(Provider.IMAP);
 * ScriptedMailbox mailbox = provider.mailbox(accountId);
 * mailbox.deliverMany("INBOX", 10);
 * mailbox.failNextFetches(Fault.rateLimited(Duration.ofMillis(50)));
 * }</pre>
 *
 * Thread-safe.
 */
public final class ScriptedMailProvider implements MailProvider {

    private final Provider provider;
    private final ConcurrentHashMap<AccountId, ScriptedMailbox> mailboxes = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A scripted provider standing in for {@code provider}. */
    public ScriptedMailProvider(Provider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** A scripted IMAP provider. */
    public ScriptedMailProvider() {
        this(Provider.IMAP);
    }

    @Override
    public Provider provider() {
        return provider;
    }

    /** The mailbox of an account, created empty (with an INBOX) on first use. */
    public ScriptedMailbox mailbox(AccountId accountId) {
        return mailboxes.computeIfAbsent(accountId, ScriptedMailbox::new);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public MailboxSession open(AccountContext context) {
        ScriptedMailbox mailbox = mailbox(context.accountId());
        mailbox.open();
        return new Session(mailbox, context);
    }

    @Override
    public void close() {
        closed.set(true);
    }

    private static final class Session implements MailboxSession {
        private final ScriptedMailbox mailbox;
        private final AccountContext context;

        Session(ScriptedMailbox mailbox, AccountContext context) {
            this.mailbox = mailbox;
            this.context = context;
        }

        @Override
        public List<MailFolder> folders() {
            return mailbox.folders();
        }

        @Override
        public ChangeBatch fetchChanges(FetchRequest request) {
            return mailbox.fetch(request);
        }

        @Override
        public int folderConcurrency() {
            return mailbox.folderConcurrency();
        }

        @Override
        public Optional<PushRegistration> startPush(PushTarget pushTarget) {
            return Optional.ofNullable(mailbox.startPush(context.triggers()));
        }

        @Override
        public void close() {
        }
    }
}
