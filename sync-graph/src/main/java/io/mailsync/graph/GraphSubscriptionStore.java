package io.mailsync.graph;

import io.mailsync.core.AccountId;

import java.util.List;
import java.util.Optional;

/**
 * Where the provider keeps its subscriptions so the {@link GraphWebhookHandler} can tell whose a notification is
 * and check its {@code clientState}. The default is {@link InMemoryGraphSubscriptionStore}; a host running several
 * instances behind one webhook URL, or restarting without recreating its subscriptions, uses a shared, persistent
 * one: {@link JdbcGraphSubscriptionStore} (PostgreSQL, {@code clientState} encrypted at rest). Implementations are
 * thread-safe and never log the {@code clientState}.
 */
public interface GraphSubscriptionStore {

    /** Stores or replaces a subscription. */
    void save(GraphSubscription subscription);

    /** The subscription with Graph's id {@code subscriptionId}. */
    Optional<GraphSubscription> find(String subscriptionId);

    /** Forgets a subscription. */
    void delete(String subscriptionId);

    /** The subscriptions of one account. */
    List<GraphSubscription> forAccount(AccountId accountId);
}
