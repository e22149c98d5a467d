package io.mailsync.core.internal;

import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.spi.PushRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * Keeps one account's push registration alive: registers it when real-time sync starts, renews it before
 * {@link PushRegistration#renewAt()}, re-registers it with backoff when registration or renewal fails (the account
 * is {@code POLLING_ONLY} meanwhile; polling never stops), and stops it with the account.
 */
final class PushKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(PushKeeper.class);

    private final SyncEngine engine;
    private final AccountWorker worker;
    private volatile PushRegistration registration;
    private volatile ScheduledFuture<?> timer;
    private int failures;

    PushKeeper(SyncEngine engine, AccountWorker worker) {
        this.engine = engine;
        this.worker = worker;
    }

    boolean isActive() {
        return registration != null;
    }

    /** Registers push on a sync thread, if the account uses push. */
    void start() {
        if (worker.usesPush()) {
            engine.execute(this::register);
        }
    }

    private void register() {
        worker.syncLock().lock();
        try {
            if (!worker.isRealtime() || engine.isClosed() || worker.isAuthRequired() || registration != null) {
                return;
            }
            Optional<PushRegistration> created = worker.session()
                    .startPush(engine.pushTarget(worker.record().options().provider()));
            if (created.isEmpty()) {
                LOG.info("account {} has no push; polling every {}", worker.accountId(),
                        worker.record().options().pollingInterval());
                return;
            }
            accept(created.get());
        } catch (AuthenticationRequiredException e) {
            worker.enterAuthRequired(e);
        } catch (RuntimeException e) {
            retryLater("registering push", e);
        } finally {
            worker.syncLock().unlock();
            worker.refreshState(Optional.empty());
        }
    }

    private void renew() {
        worker.syncLock().lock();
        try {
            PushRegistration current = registration;
            if (current == null || !worker.isRealtime() || engine.isClosed()) {
                return;
            }
            PushRegistration renewed = current.renew();
            if (renewed != current) {
                current.close();
            }
            accept(renewed);
        } catch (AuthenticationRequiredException e) {
            drop();
            worker.enterAuthRequired(e);
        } catch (RuntimeException e) {
            drop();
            retryLater("renewing push", e);
        } finally {
            worker.syncLock().unlock();
            worker.refreshState(Optional.empty());
        }
    }

    private void accept(PushRegistration r) {
        registration = r;
        failures = 0;
        worker.updateRecord(rec -> rec.withPush(Optional.of(r.id()), r.expiresAt()));
        r.renewAt().ifPresent(at -> {
            Duration delay = Duration.between(engine.config().clock().instant(), at);
            timer = engine.schedule(() -> engine.execute(this::renew), delay.isNegative() ? Duration.ZERO : delay);
        });
        LOG.info("push active for account {}: {}{}", worker.accountId(), r.id(),
                r.expiresAt().map(e -> ", expires " + e).orElse(""));
    }

    private void retryLater(String what, RuntimeException e) {
        failures++;
        Duration delay = engine.backoff(failures);
        LOG.warn("{} for account {} failed: {}; polling only, retry in {}", what, worker.accountId(), e.getMessage(),
                delay);
        if (!engine.isClosed()) {
            timer = engine.schedule(() -> engine.execute(this::register), delay);
        }
    }

    private void drop() {
        PushRegistration r = registration;
        registration = null;
        if (r != null) {
            r.close();
        }
        worker.updateRecord(rec -> rec.withPush(Optional.empty(), Optional.empty()));
    }

    /** Ends the registration at the provider; the caller holds the account's lock. */
    void stop() {
        cancelTimer();
        PushRegistration r = registration;
        registration = null;
        if (r != null) {
            try {
                r.stop();
            } catch (RuntimeException e) {
                // The account stops either way; an orphaned registration expires by itself at the provider.
                LOG.warn("stopping push {} of account {} failed: {}", r.id(), worker.accountId(), e.getMessage());
            }
        }
    }

    /** Releases local resources, leaving the provider's registration in place. */
    void close() {
        cancelTimer();
        PushRegistration r = registration;
        registration = null;
        if (r != null) {
            r.close();
        }
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }
}
