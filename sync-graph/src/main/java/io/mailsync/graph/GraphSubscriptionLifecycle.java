package io.mailsync.graph;

/**
 * What the {@link GraphWebhookHandler} asks of the provider when Graph sends a lifecycle notification. The
 * {@link GraphMailProvider} implements it for the subscriptions it created ({@link GraphMailProvider#lifecycle()}).
 * Called off the request thread.
 */
public interface GraphSubscriptionLifecycle {

    /** {@code reauthorizationRequired}: extend the subscription (PATCH its expiry with a fresh token). */
    void reauthorize(GraphSubscription subscription);

    /** {@code subscriptionRemoved}: create a new subscription for the same folder. */
    void recreate(GraphSubscription subscription);

    /** A lifecycle that does nothing but what the handler does itself (trigger a sync). */
    GraphSubscriptionLifecycle NONE = new GraphSubscriptionLifecycle() {
        @Override
        public void reauthorize(GraphSubscription subscription) {
        }

        @Override
        public void recreate(GraphSubscription subscription) {
        }
    };
}
