package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.MailFolder;
import io.mailsync.core.Provider;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.FetchRequest;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.core.spi.MailboxSession;
import io.mailsync.core.spi.PushRegistration;
import io.mailsync.core.spi.PushTarget;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The folders of each account in the {@code folders} table of a {@link JdbcMailStore} ({@link JdbcMailStore#folders()}):
 * id, display name and role as the provider last listed them. sync-core has no store hook for folders, so a host
 * records them by wrapping its provider: {@code MailSync.builder().provider(store.folders().recording(provider))}
 * saves the list each time the engine asks a session for its folders. Thread-safe.
 */
public final class JdbcFolderStore {

    private final Jdbi jdbi;
    private final String table;

    JdbcFolderStore(Jdbi jdbi, String quotedSchema) {
        this.jdbi = jdbi;
        this.table = quotedSchema + ".folders";
    }

    /**
     * Makes {@code folders} the account's folder list, in one transaction: new folders are inserted, renamed or
     * re-roled ones updated, folders missing from the list deleted. Unchanged rows are not written.
     *
     * @throws io.mailsync.core.StoreException when the database fails
     */
    public void replace(AccountId account, List<MailFolder> folders) {
        Map<String, MailFolder> byId = new LinkedHashMap<>();
        folders.forEach(f -> byId.put(f.id().value(), f));
        String upsert = "INSERT INTO " + table + " AS f (email_account_id, folder_id, name, role) "
                + "SELECT :account, u.id, u.name, u.role FROM unnest(CAST(:ids AS text[]), CAST(:names AS text[]), "
                + "CAST(:roles AS text[])) AS u(id, name, role) ON CONFLICT (email_account_id, folder_id) DO UPDATE "
                + "SET name = EXCLUDED.name, role = EXCLUDED.role, updated_at = now() "
                + "WHERE f.name <> EXCLUDED.name OR f.role <> EXCLUDED.role";
        String prune = "DELETE FROM " + table + " WHERE email_account_id = :account "
                + "AND folder_id <> ALL(CAST(:ids AS text[]))";
        String[] ids = byId.keySet().toArray(String[]::new);
        String[] names = byId.values().stream().map(MailFolder::name).toArray(String[]::new);
        String[] roles = byId.values().stream().map(f -> f.role().name()).toArray(String[]::new);
        Calls.call(account, "save the folders", () -> jdbi.useTransaction(h -> {
            h.createUpdate(upsert).bind("account", account.value()).bind("ids", ids).bind("names", names)
                    .bind("roles", roles).execute();
            h.createUpdate(prune).bind("account", account.value()).bind("ids", ids).execute();
        }));
    }

    /** The account's folders as last saved, by folder id. */
    public List<MailFolder> list(AccountId account) {
        String sql = "SELECT folder_id, name, role FROM " + table + " WHERE email_account_id = :account "
                + "ORDER BY folder_id";
        return Calls.call(account, "read the folders", () -> jdbi.withHandle(h -> h.createQuery(sql)
                .bind("account", account.value())
                .map((rs, ctx) -> new MailFolder(FolderId.of(rs.getString(1)), rs.getString(2),
                        FolderRole.valueOf(rs.getString(3))))
                .list()));
    }

    /**
     * {@code provider} with its sessions' {@link MailboxSession#folders()} saved here (via {@link #replace}) each time
     * they are listed; everything else is passed through unchanged. Closing the wrapper closes {@code provider}.
     */
    public MailProvider recording(MailProvider provider) {
        return new MailProvider() {
            @Override
            public Provider provider() {
                return provider.provider();
            }

            @Override
            public MailboxSession open(AccountContext context) {
                return new RecordingSession(provider.open(context), context.accountId());
            }

            @Override
            public void close() {
                provider.close();
            }
        };
    }

    /** A session whose folder lists are saved. */
    private final class RecordingSession implements MailboxSession {
        private final MailboxSession session;
        private final AccountId account;

        RecordingSession(MailboxSession session, AccountId account) {
            this.session = session;
            this.account = account;
        }

        @Override
        public List<MailFolder> folders() {
            List<MailFolder> folders = new ArrayList<>(session.folders());
            replace(account, folders);
            return folders;
        }

        @Override
        public ChangeBatch fetchChanges(FetchRequest request) {
            return session.fetchChanges(request);
        }

        @Override
        public Optional<PushRegistration> startPush(PushTarget pushTarget) {
            return session.startPush(pushTarget);
        }

        @Override
        public void close() {
            session.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcFolderStore[" + table + "]";
    }
}
