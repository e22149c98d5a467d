package io.mailsync.testkit.graph;

import java.time.Instant;
import java.util.Optional;

/**
 * A subscription as the {@link GraphFake} holds it.
 *
 * @param id                       the subscription id
 * @param userId                   the mailbox it watches
 * @param folderId                 the folder it watches, or empty for every message of the mailbox
 * @param resource                 the resource as the client gave it
 * @param changeTypes              the change types, as given ({@code created,updated,deleted})
 * @param notificationUrl          where notifications go
 * @param lifecycleNotificationUrl where lifecycle events go, when given
 * @param clientState              the client's secret echoed in every notification; never printed
 * @param expirationDateTime       when it expires
 */
public record FakeSubscription(String id, String userId, Optional<String> folderId, String resource,
                               String changeTypes, String notificationUrl, Optional<String> lifecycleNotificationUrl,
                               String clientState, Instant expirationDateTime) {

    FakeSubscription withExpiration(Instant expiry) {
        return new FakeSubscription(id, userId, folderId, resource, changeTypes, notificationUrl,
                lifecycleNotificationUrl, clientState, expiry);
    }

    boolean watches(String user, String folder, String changeType) {
        return userId.equals(user) && folderId.map(folder::equals).orElse(true)
                && java.util.Arrays.asList(changeTypes.split(",")).contains(changeType);
    }

    @Override
    public String toString() {
        return "FakeSubscription[id=" + id + ", resource=" + resource + ", expires=" + expirationDateTime
                + ", clientState=***]";
    }
}
