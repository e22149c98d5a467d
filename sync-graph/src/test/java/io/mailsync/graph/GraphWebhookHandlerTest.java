package io.mailsync.graph;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.TriggerSource;
import io.mailsync.core.spi.TriggerSink;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class GraphWebhookHandlerTest {

    private record Trigger(AccountId account, FolderId folder, TriggerSource source) {
    }

    private final List<Trigger> triggers = new CopyOnWriteArrayList<>();
    private final List<String> lifecycleCalls = new CopyOnWriteArrayList<>();
    private final InMemoryGraphSubscriptionStore store = new InMemoryGraphSubscriptionStore();
    private final TriggerSink sink = (a, f, s) -> triggers.add(new Trigger(a, f, s));
    private final GraphWebhookHandler handler = GraphWebhookHandler.builder().subscriptions(store).triggers(sink)
            .minTriggerInterval(java.time.Duration.ZERO).lifecycleExecutor(Runnable::run).lifecycle(new GraphSubscriptionLifecycle() {
                @Override
                public void reauthorize(GraphSubscription s) {
                    lifecycleCalls.add("reauthorize " + s.id());
                }

                @Override
                public void recreate(GraphSubscription s) {
                    lifecycleCalls.add("recreate " + s.id());
                }
            }).build();
    private final GraphSubscription sub = new GraphSubscription("sub-1", AccountId.of("acc"), FolderId.of("inbox-id"),
            "correct-secret", Instant.now().plusSeconds(3600));

    GraphWebhookHandlerTest() {
        store.save(sub);
    }

    private static WebhookRequest post(String body) {
        return WebhookRequest.of("POST", null, Map.of("Content-Type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String notification(String subscriptionId, String clientState) {
        return "{\"value\":[{\"subscriptionId\":\"" + subscriptionId + "\",\"clientState\":\"" + clientState
                + "\",\"changeType\":\"created\",\"resource\":\"Users/u/Messages/m1\",\"resourceData\":{\"id\":\"m1\"}}]}";
    }

    private static String lifecycle(String subscriptionId, String clientState, String event) {
        return "{\"value\":[{\"subscriptionId\":\"" + subscriptionId + "\",\"clientState\":\"" + clientState
                + "\",\"lifecycleEvent\":\"" + event + "\"}]}";
    }

    @Test
    void validationTokenIsEchoedExactlyAsPlainTextNeverAsHtml() {
        String token = "<script>alert('x')</script> & Validation: Testing";
        String raw = "validationToken=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
        WebhookResponse r = handler.handle(WebhookRequest.of("POST", raw, Map.of(), new byte[0]));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.headers()).containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(r.bodyText()).isEqualTo(token);
        assertThat(triggers).isEmpty();
    }

    @Test
    void validNotificationOnlyTriggersASyncOfItsFolderAndAnswers202() {
        WebhookResponse r = handler.handle(post(notification("sub-1", "correct-secret")));
        assertThat(r.status()).isEqualTo(202);
        assertThat(triggers).containsExactly(new Trigger(AccountId.of("acc"), FolderId.of("inbox-id"),
                TriggerSource.WEBHOOK));
    }

    @Test
    void wrongOrMissingClientStateIsRefusedAndTriggersNothing() {
        assertThat(handler.handle(post(notification("sub-1", "correct-secreT"))).status()).isEqualTo(403);
        assertThat(handler.handle(post("{\"value\":[{\"subscriptionId\":\"sub-1\"}]}")).status()).isEqualTo(403);
        assertThat(triggers).isEmpty();
    }

    @Test
    void unknownSubscriptionIsIgnored() {
        assertThat(handler.handle(post(notification("nope", "correct-secret"))).status()).isEqualTo(202);
        assertThat(triggers).isEmpty();
    }

    @Test
    void malformedOversizedAndNonPostRequestsAreRejected() {
        assertThat(handler.handle(post("{\"value\":[{")).status()).isEqualTo(400);
        assertThat(handler.handle(post("{\"other\":1}")).status()).isEqualTo(400);
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMegabytes, (byte) ' ');
        assertThat(handler.handle(WebhookRequest.of("POST", null, Map.of(), tenMegabytes)).status()).isEqualTo(413);
        assertThat(handler.handle(WebhookRequest.of("GET", null, Map.of(), new byte[0])).status()).isEqualTo(405);
        assertThat(triggers).isEmpty();
    }

    @Test
    void lifecycleEventsRenewRecreateOrSync() {
        assertThat(handler.handle(post(lifecycle("sub-1", "correct-secret", "reauthorizationRequired"))).status())
                .isEqualTo(202);
        assertThat(lifecycleCalls).containsExactly("reauthorize sub-1");
        assertThat(triggers).isEmpty();

        handler.handle(post(lifecycle("sub-1", "correct-secret", "subscriptionRemoved")));
        assertThat(lifecycleCalls).containsExactly("reauthorize sub-1", "recreate sub-1");
        handler.handle(post(lifecycle("sub-1", "correct-secret", "missed")));
        assertThat(triggers).hasSize(2).allMatch(t -> t.source() == TriggerSource.LIFECYCLE);

        assertThat(handler.handle(post(lifecycle("sub-1", "forged", "subscriptionRemoved"))).status()).isEqualTo(403);
        assertThat(lifecycleCalls).hasSize(2);
    }

    @Test
    void aStormOfNotificationsForOneFolderTriggersOnceNowAndOnceAtTheEndOfTheInterval() {
        GraphWebhookHandler throttled = GraphWebhookHandler.builder().subscriptions(store).triggers(sink)
                .minTriggerInterval(java.time.Duration.ofSeconds(3)).build(); // far longer than 1,000 calls, even on a loaded CI machine
        for (int i = 0; i < 1_000; i++) {
            assertThat(throttled.handle(post(notification("sub-1", "correct-secret"))).status()).isEqualTo(202);
        }
        assertThat(triggers).hasSize(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(8)).until(() -> triggers.size() == 2);
    }

    @Test
    void subscriptionsNeverShowTheirClientState() {
        assertThat(sub.toString()).doesNotContain("correct-secret");
    }
}
