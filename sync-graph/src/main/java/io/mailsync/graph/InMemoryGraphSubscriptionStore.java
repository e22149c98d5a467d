package io.mailsync.graph;

import io.mailsync.core.AccountId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link GraphSubscriptionStore} in memory: for one instance, tests and demos. Thread-safe; lookups O(1). */
public final class InMemoryGraphSubscriptionStore implements GraphSubscriptionStore {

    private final ConcurrentHashMap<String, GraphSubscription> byId = new ConcurrentHashMap<>();

    @Override
    public void save(GraphSubscription subscription) {
        byId.put(subscription.id(), Objects.requireNonNull(subscription, "subscription"));
    }

    @Override
    public Optional<GraphSubscription> find(String subscriptionId) {
        return Optional.ofNullable(byId.get(subscriptionId));
    }

    @Override
    public void delete(String subscriptionId) {
        byId.remove(subscriptionId);
    }

    @Override
    public List<GraphSubscription> forAccount(AccountId accountId) {
        return byId.values().stream().filter(s -> s.accountId().equals(accountId)).toList();
    }

    @Override
    public String toString() {
        return "InMemoryGraphSubscriptionStore[" + byId.size() + " subscriptions]";
    }
}
