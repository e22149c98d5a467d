package io.mailsync.graph.internal;

import io.mailsync.core.SyncOptions;
import io.mailsync.graph.GraphSubscriptionStore;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * The provider's settings, as the sessions need them.
 *
 * @param baseUrl             Graph's base URL with its version ({@code https://graph.microsoft.com/v1.0})
 * @param appOnly             app-only access ({@code /users/{id}}) instead of delegated ({@code /me})
 * @param userIdResolver      the {@code /users/{id}} segment of an account (app-only)
 * @param pageSize            {@code Prefer: odata.maxpagesize}
 * @param select              the message properties to {@code $select}
 * @param folders             folders to sync (ids, well-known or display names, any case); empty for all
 * @param maxConcurrent       concurrent requests per mailbox
 * @param maxInlineRetryDelay longest Retry-After the SDK's retry handler waits out itself
 * @param timeout             read timeout of a request
 * @param subscriptionLifetime lifetime asked for subscriptions
 * @param renewBefore         how long before expiry a subscription is renewed
 * @param subscriptionStore   where subscriptions are kept for the webhook handler
 */
public record GraphConfig(String baseUrl, boolean appOnly, Function<SyncOptions, String> userIdResolver, int pageSize,
                          java.util.List<String> select, Set<String> folders, int maxConcurrent,
                          Duration maxInlineRetryDelay, Duration timeout, Duration subscriptionLifetime,
                          Duration renewBefore, GraphSubscriptionStore subscriptionStore) {
}
