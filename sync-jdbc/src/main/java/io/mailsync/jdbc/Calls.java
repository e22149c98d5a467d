package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.MailSyncException;
import io.mailsync.core.StoreException;
import org.jdbi.v3.core.JdbiException;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/** Runs store work and turns database failures into {@link StoreException}s naming the account and the action. */
final class Calls {

    private Calls() {
    }

    /** Runs {@code work}; a database or encryption failure becomes a {@link StoreException}. */
    static <T> T call(AccountId accountId, String what, Callable<T> work) {
        try {
            return work.call();
        } catch (MailSyncException | IllegalStateException | IllegalArgumentException e) {
            throw e;
        } catch (JdbiException | SQLException e) {
            throw new StoreException(accountId, "could not " + what + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new StoreException(accountId, "could not " + what + ": credential encryption failed ("
                    + e.getClass().getSimpleName() + ")", null);
        } catch (Exception e) {
            throw new StoreException(accountId, "could not " + what + ": " + e, e);
        }
    }

    /** Work that returns nothing. */
    interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} like {@link #call(AccountId, String, Callable)}. */
    static void call(AccountId accountId, String what, Action action) {
        call(accountId, what, () -> {
            action.run();
            return null;
        });
    }
}
