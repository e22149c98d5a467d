package io.mailsync.graph.internal;

import com.microsoft.graph.models.Subscription;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import io.mailsync.core.AccountId;
import io.mailsync.core.MailFolder;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.PushRegistration;
import io.mailsync.core.spi.PushTarget;
import io.mailsync.graph.GraphSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One account's Graph subscriptions (one per synced folder) as a {@link PushRegistration}: created with a random
 * {@code clientState} each, renewed by PATCH before expiry, recreated when Graph no longer has them, deleted on
 * {@link #stop()}. Thread-safe.
 */
public final class GraphPush implements PushRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(GraphPush.class);
    /** Graph's longest lifetime of a message subscription. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(10_080);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Live registrations by subscription id, for lifecycle notifications. */
    public interface Registry {
        void register(String subscriptionId, GraphPush push);

        void unregister(String subscriptionId);
    }

    private final GraphServiceClient client;
    private final GraphConfig config;
    private final AccountId accountId;
    private final PushTarget target;
    private final String mailboxPath;
    private final Registry registry;
    private final Clock clock;
    private final List<GraphSubscription> subscriptions = new ArrayList<>();

    private GraphPush(GraphSession session, GraphConfig config, AccountContext context, PushTarget target,
                      Registry registry) {
        this.client = session.client();
        this.config = config;
        this.accountId = context.accountId();
        this.target = target;
        this.mailboxPath = session.mailboxPath();
        this.registry = registry;
        this.clock = context.clock();
    }

    /** Creates a subscription for each folder. */
    static GraphPush start(GraphSession session, GraphConfig config, AccountContext context, PushTarget target,
                           List<MailFolder> folders, Registry registry) {
        GraphPush push = new GraphPush(session, config, context, target, registry);
        try {
            for (MailFolder f : folders) {
                push.add(push.create(f.id()));
            }
        } catch (RuntimeException e) {
            push.stop();
            throw e;
        }
        return push;
    }

    private synchronized void add(GraphSubscription s) {
        subscriptions.add(s);
        config.subscriptionStore().save(s);
        registry.register(s.id(), this);
    }

    private GraphSubscription create(io.mailsync.core.FolderId folderId) {
        String clientState = newClientState();
        Subscription body = new Subscription();
        body.setChangeType("created,updated,deleted");
        body.setNotificationUrl(target.notificationUrl().orElseThrow());
        target.lifecycleNotificationUrl().ifPresent(body::setLifecycleNotificationUrl);
        body.setResource(mailboxPath + "/mailFolders('" + folderId.value() + "')/messages");
        body.setExpirationDateTime(expiry().atOffset(ZoneOffset.UTC));
        body.setClientState(clientState);
        try {
            Subscription created = client.subscriptions().post(body);
            Instant expires = created.getExpirationDateTime() == null ? expiry()
                    : created.getExpirationDateTime().toInstant();
            LOG.info("created Graph subscription {} for folder {} of account {}, expires {}", created.getId(),
                    folderId, accountId, expires);
            return new GraphSubscription(created.getId(), accountId, folderId, clientState, expires);
        } catch (RuntimeException e) {
            throw GraphErrors.map(e, accountId, null);
        }
    }

    private Instant expiry() {
        Duration lifetime = config.subscriptionLifetime().compareTo(MAX_LIFETIME) > 0
                ? MAX_LIFETIME.minusMinutes(1) : config.subscriptionLifetime();
        return clock.instant().plus(lifetime);
    }

    static String newClientState() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public synchronized String id() {
        return subscriptions.stream().map(GraphSubscription::id).collect(Collectors.joining(","));
    }

    @Override
    public synchronized Optional<Instant> expiresAt() {
        return subscriptions.stream().map(GraphSubscription::expiresAt).min(Comparator.naturalOrder());
    }

    @Override
    public Optional<Instant> renewAt() {
        return expiresAt().map(e -> e.minus(config.renewBefore()));
    }

    /** Renews every subscription; those Graph no longer has are created anew. */
    @Override
    public synchronized PushRegistration renew() {
        for (GraphSubscription s : List.copyOf(subscriptions)) {
            renewOne(s);
        }
        return this;
    }

    /** Extends one subscription, or recreates it when Graph answers 404. */
    public synchronized void renewOne(GraphSubscription s) {
        Instant expiry = expiry();
        Subscription patch = new Subscription();
        patch.setExpirationDateTime(expiry.atOffset(ZoneOffset.UTC));
        try {
            Subscription renewed = client.subscriptions().bySubscriptionId(s.id()).patch(patch);
            GraphSubscription updated = s.withExpiresAt(renewed != null && renewed.getExpirationDateTime() != null
                    ? renewed.getExpirationDateTime().toInstant() : expiry);
            replace(s, updated);
        } catch (ApiException e) {
            if (e.getResponseStatusCode() != 404) {
                throw GraphErrors.map(e, accountId, null);
            }
            LOG.info("Graph subscription {} of account {} is gone; creating a new one", s.id(), accountId);
            recreate(s);
        } catch (RuntimeException e) {
            throw GraphErrors.map(e, accountId, null);
        }
    }

    /** Replaces a subscription Graph removed by a new one for the same folder. */
    public synchronized void recreate(GraphSubscription s) {
        GraphSubscription fresh = create(s.folderId());
        forget(s);
        add(fresh);
    }

    private void replace(GraphSubscription old, GraphSubscription updated) {
        subscriptions.replaceAll(x -> x.id().equals(old.id()) ? updated : x);
        config.subscriptionStore().save(updated);
    }

    private void forget(GraphSubscription s) {
        subscriptions.removeIf(x -> x.id().equals(s.id()));
        config.subscriptionStore().delete(s.id());
        registry.unregister(s.id());
    }

    /** Whether this registration holds the subscription. */
    public synchronized Optional<GraphSubscription> find(String subscriptionId) {
        return subscriptions.stream().filter(s -> s.id().equals(subscriptionId)).findFirst();
    }

    @Override
    public synchronized void stop() {
        for (GraphSubscription s : List.copyOf(subscriptions)) {
            try {
                client.subscriptions().bySubscriptionId(s.id()).delete();
            } catch (ApiException e) {
                if (e.getResponseStatusCode() != 404) {
                    LOG.warn("deleting Graph subscription {} of account {} failed: {}", s.id(), accountId,
                            e.getResponseStatusCode());
                }
            } catch (RuntimeException e) {
                LOG.warn("deleting Graph subscription {} of account {} failed: {}", s.id(), accountId, e.toString());
            }
            forget(s);
        }
    }

    @Override
    public synchronized void close() {
        subscriptions.forEach(s -> registry.unregister(s.id()));
    }

    @Override
    public String toString() {
        return "GraphPush[account=" + accountId + ", subscriptions=" + id() + "]";
    }
}
