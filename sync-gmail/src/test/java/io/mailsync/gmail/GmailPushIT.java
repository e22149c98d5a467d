package io.mailsync.gmail;

import com.sun.net.httpserver.HttpServer;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncState;
import io.mailsync.core.spi.PushTarget;
import io.mailsync.testkit.gmail.FakeGmailMessage;
import io.mailsync.testkit.gmail.GmailFake;
import io.mailsync.testkit.LoopbackHttp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.mailsync.gmail.GmailTestSupport.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Watch at start, Pub/Sub push through the verified handler, created event; users.stop at stop. */
class GmailPushIT {

    private static final String TOPIC = "projects/demo/topics/gmail";
    private static final String AUDIENCE = "https://host.example.com/gmail/push";
    private static final String PUSHER = "push-sa@demo.iam.gserviceaccount.com";

    @Test
    void watchIsRegisteredPushesTriggerTheSyncAndStopEndsTheWatch() throws Exception {
        GmailFake fake = GmailFake.builder().quota(100_000, Duration.ofSeconds(1)).build();
        HttpServer endpoint = LoopbackHttp.create(0);
        try (GmailTestSupport t = new GmailTestSupport(fake, p -> p.quota(new GmailQuota(100_000, 100_000, 5)),
                b -> b.pushTarget(Provider.GOOGLE, new PushTarget(Optional.empty(), Optional.empty(), Optional.of(TOPIC))))) {
            GmailPushHandler handler = GmailPushHandler.builder().audience(AUDIENCE).serviceAccountEmail(PUSHER)
                    .certsUrl(fake.certsUrl()).triggerSink(t.mailSync)
                    .accountLookup(GmailAccountLookup.scanning(t.store)).build();
            endpoint.createContext("/push", ex -> {
                try (ex) {
                    GmailPushResponse r = handler.handle(ex.getRequestMethod(), ex.getRequestHeaders(),
                            ex.getRequestBody().readAllBytes());
                    ex.sendResponseHeaders(r.status(), -1);
                }
            });
            endpoint.start();
            fake.pushSubscription(TOPIC, URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/push"),
                    AUDIENCE, PUSHER);
            t.mailbox.insertMany(5);

            t.mailSync.startRealTimeSync(GmailTestSupport.options());
            await().atMost(Duration.ofSeconds(20)).until(() -> t.mailSync.getSyncStatus(ALICE).state() == SyncState.REALTIME);
            assertThat(t.mailbox.watchTopic()).contains(TOPIC);
            assertThat(t.mailSync.getSyncStatus(ALICE).subscriptionExpiresAt()).hasValueSatisfying(e ->
                    assertThat(e).isAfter(Instant.now().plus(Duration.ofDays(6))));
            await().atMost(Duration.ofSeconds(20)).until(() -> t.storedIds().size() == 5);

            // polling is hourly: only the push can bring this message in time
            String id = t.mailbox.insert(FakeGmailMessage.builder().subject("pushed").build());
            await().atMost(Duration.ofSeconds(10)).until(() -> t.createdIds().contains(id));
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.pushesDelivered() >= 1);

            t.mailSync.stopRealTimeSync(ALICE);
            assertThat(t.mailbox.watchTopic()).isEmpty();
            assertThat(fake.calls("stop")).isEqualTo(1);
            assertThat(t.events(SyncEvent.MessageCreated.class)).extracting(e -> e.message().providerMessageId())
                    .doesNotHaveDuplicates();
        } finally {
            endpoint.stop(0);
        }
    }
}
