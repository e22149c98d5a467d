package io.mailsync.graph;

import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncState;
import io.mailsync.core.spi.PushTarget;
import io.mailsync.testkit.graph.FakeMessage;
import io.mailsync.testkit.graph.FakeSubscription;
import io.mailsync.testkit.graph.GraphFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.mailsync.graph.GraphTestSupport.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Subscriptions, the webhook handler and the engine end to end: the fake notifies, the handler triggers, the sync runs. */
class GraphPushIT {

    private WebhookServer webhook;
    private GraphTestSupport t;

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    private void start(Consumer<GraphMailProvider.Builder> providerConfig) throws Exception {
        webhook = new WebhookServer();
        PushTarget target = new PushTarget(Optional.of(webhook.url("/graph/notify")),
                Optional.of(webhook.url("/graph/lifecycle")), Optional.empty());
        t = new GraphTestSupport(GraphFake.start(), providerConfig.andThen(b -> b.folders("inbox", "archive")),
                b -> b.pushTarget(Provider.MICROSOFT, target));
        webhook.handler.set(GraphWebhookHandler.builder().subscriptions(t.provider.subscriptionStore())
                .triggers(t.mailSync).lifecycle(t.provider.lifecycle()).build());
        t.mailSync.startRealTimeSync(GraphTestSupport.options(true));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(t.fake.subscriptions()).hasSize(2);
            assertThat(t.mailSync.getSyncStatus(ACCOUNT).state()).isEqualTo(SyncState.REALTIME);
        });
    }

    @Test
    void aMessageCreatedAtGraphReachesTheListenerThroughTheWebhook() throws Exception {
        start(b -> { });
        FakeMessage m = t.mailbox().add("inbox", FakeMessage.builder().subject("pushed").build());

        await().atMost(Duration.ofSeconds(10)).until(() -> t.createdIds().contains(m.id()));
        assertThat(t.fake.deliveryStatuses()).contains(202);
    }

    @Test
    void subscriptionsAreCreatedPerFolderWithOwnSecretsAndDeletedOnStop() throws Exception {
        start(b -> { });
        List<FakeSubscription> subs = t.fake.subscriptions();
        assertThat(subs).allSatisfy(s -> {
            assertThat(s.changeTypes()).isEqualTo("created,updated,deleted");
            assertThat(s.clientState()).hasSizeBetween(32, 128);
            assertThat(s.lifecycleNotificationUrl()).contains(webhook.url("/graph/lifecycle"));
            assertThat(s.expirationDateTime()).isBefore(Instant.now().plus(Duration.ofMinutes(10_080)));
        });
        assertThat(subs.stream().map(FakeSubscription::clientState).collect(Collectors.toSet())).hasSize(2);
        assertThat(t.mailSync.getSyncStatus(ACCOUNT).subscriptionExpiresAt()).isPresent();

        t.mailSync.stopRealTimeSync(ACCOUNT);
        await().atMost(Duration.ofSeconds(10)).until(() -> t.fake.subscriptions().isEmpty());
        assertThat(t.provider.subscriptionStore().forAccount(ACCOUNT)).isEmpty();
    }

    @Test
    void forgedNotificationsChangeNothing() throws Exception {
        start(b -> { });
        String id = t.fake.subscriptions().get(0).id();
        t.mailSync.syncNow(ACCOUNT).get(20, java.util.concurrent.TimeUnit.SECONDS); // the start-up syncs are over
        Thread.sleep(300);
        t.fake.clearRequests();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(webhook.url("/graph/notify"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"value\":[{\"subscriptionId\":\"" + id
                        + "\",\"clientState\":\"guess\",\"changeType\":\"created\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        Thread.sleep(300);
        assertThat(t.fake.requests()).noneMatch(q -> q.isMessagesDelta());
    }

    @Test
    void removedSubscriptionIsRecreatedAndTheFolderSynced() throws Exception {
        start(b -> { });
        FakeSubscription old = t.fake.subscriptions().get(0);
        FakeMessage missed = t.mailbox().add("archive", FakeMessage.builder().build());
        t.fake.sendLifecycleEvent(old.id(), "subscriptionRemoved");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<String> ids = t.fake.subscriptions().stream().map(FakeSubscription::id).collect(Collectors.toSet());
            assertThat(ids).hasSize(2).doesNotContain(old.id());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> t.createdIds().contains(missed.id()));
    }

    @Test
    void subscriptionsAreRenewedBeforeExpiryAndRecreatedWhenGraphLostThem() throws Exception {
        start(b -> b.subscriptionLifetime(Duration.ofMinutes(50)).renewBefore(Duration.ofMinutes(50).minusSeconds(2)));
        List<FakeSubscription> before = t.fake.subscriptions();
        t.fake.dropSubscription(before.get(0).id());

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<FakeSubscription> now = t.fake.subscriptions();
            assertThat(now).hasSize(2);
            assertThat(now).noneMatch(s -> s.id().equals(before.get(0).id()));
            FakeSubscription kept = now.stream().filter(s -> s.id().equals(before.get(1).id())).findFirst().orElseThrow();
            assertThat(kept.expirationDateTime()).isAfter(before.get(1).expirationDateTime());
        });
        assertThat(t.events).noneMatch(e -> e instanceof SyncEvent.StatusChanged s && s.to() == SyncState.POLLING_ONLY
                && s.from() == SyncState.REALTIME);
    }
}
