package io.mailsync.examples.host;

import io.mailsync.core.AccountId;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncState;
import io.mailsync.core.spi.Credential;
import io.mailsync.testkit.gmail.FakeGmailMessage;
import io.mailsync.testkit.gmail.GmailFakeMailbox;
import io.mailsync.testkit.graph.FakeMessage;
import io.mailsync.testkit.graph.FakeSubscription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Graph and Gmail push through the host's routes over real HTTP: the Graph fake validates the subscription against
 * the host's route and notifies it, the Gmail fake pushes signed Pub/Sub messages to it, and the messages end up in
 * PostgreSQL; forged notifications and pushes are refused and sync nothing.
 */
class HostWebhooksIT {

    private static final AccountId GRAPH_ACCOUNT = AccountId.of("graph-bob");
    private static final AccountId GMAIL_ACCOUNT = AccountId.of("gmail-alice");
    private static final String ALICE = "alice@example.com";

    private static HostFixture host;
    private static GmailFakeMailbox aliceBox;

    @BeforeAll
    static void startAccounts() {
        host = HostFixture.shared();
        host.app.store().save(GRAPH_ACCOUNT, Credential.oauth2("bob@example.com", host.graph.issueToken("bob"),
                "refresh", Instant.now().plus(Duration.ofHours(1))));
        host.graph.mailbox("bob").add("inbox", FakeMessage.builder().subject("before").build());
        host.app.mailSync().startRealTimeSync(SyncOptions.builder().provider(Provider.MICROSOFT)
                .accountId(GRAPH_ACCOUNT).userId("user-bob").email("bob@example.com").enableWebhooks(true)
                .pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build());

        aliceBox = host.gmail.mailbox(ALICE).grantToken("alice-token");
        aliceBox.insertMany(3);
        host.app.store().save(GMAIL_ACCOUNT, Credential.oauth2(ALICE, "alice-token", "refresh",
                Instant.now().plus(Duration.ofHours(1))));
        host.app.mailSync().startRealTimeSync(SyncOptions.builder().provider(Provider.GOOGLE).accountId(GMAIL_ACCOUNT)
                .userId("user-alice").email(ALICE).pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH)
                .build());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(host.app.mailSync().getSyncStatus(GRAPH_ACCOUNT).state()).isEqualTo(SyncState.REALTIME);
            assertThat(host.app.mailSync().getSyncStatus(GMAIL_ACCOUNT).state()).isEqualTo(SyncState.REALTIME);
            assertThat(host.stored(GRAPH_ACCOUNT)).isEqualTo(1);
            assertThat(host.stored(GMAIL_ACCOUNT)).isEqualTo(3);
        });
    }

    @Test
    void graphValidatesSubscriptionsAtTheHostRouteAndItsNotificationsSyncNewMail() {
        // Graph created the subscriptions only after the host's route echoed its validation token
        assertThat(host.graph.subscriptions()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.notificationUrl()).isEqualTo(host.url(HostApp.GRAPH_WEBHOOK_PATH));
            assertThat(s.lifecycleNotificationUrl()).contains(host.url(HostApp.GRAPH_WEBHOOK_PATH + "/lifecycle"));
        });
        FakeMessage pushed = host.graph.mailbox("bob").add("inbox", FakeMessage.builder().subject("pushed").build());

        // polling is hourly: only the notification can bring it in time
        await().atMost(Duration.ofSeconds(15)).until(() ->
                host.app.store().find(GRAPH_ACCOUNT, pushed.id()).isPresent());
        assertThat(host.graph.deliveryStatuses()).contains(202);
        assertThat(host.metric("mailsync_host_webhook_requests_total", "route=\"graph\"", "status=\"202\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void lifecycleNotificationsReachTheLifecycleRoute() {
        FakeSubscription s = host.graph.subscriptions().get(0);
        assertThat(host.graph.sendLifecycleEvent(s.id(), "missed")).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> host.metric("mailsync_host_webhook_requests_total",
                "route=\"graph-lifecycle\"", "status=\"202\"") >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> host.metric("mailsync_triggers_total",
                "provider=\"microsoft\"", "source=\"lifecycle\"") >= 1);
    }

    @Test
    void validationHandshakeEchoesTheTokenAsPlainTextOnly() {
        String token = "Validation: <script>alert(1)</script> & more";
        HttpResponse<String> r = host.send(HttpRequest.newBuilder(URI.create(host.url(HostApp.GRAPH_WEBHOOK_PATH
                + "?validationToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8))))
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(token);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void aGraphNotificationWithAWrongClientStateIsRefusedAndSyncsNothing() throws Exception {
        FakeSubscription real = host.graph.subscriptions().get(0);
        double webhookTriggers = host.metric("mailsync_triggers_total", "provider=\"microsoft\"", "source=\"webhook\"");
        long before = host.stored(GRAPH_ACCOUNT);

        HttpResponse<String> r = host.postJson(HostApp.GRAPH_WEBHOOK_PATH, "{\"value\":[{\"subscriptionId\":\""
                + real.id() + "\",\"clientState\":\"guessed\",\"changeType\":\"created\",\"resource\":\"x\"}]}", null);

        assertThat(r.statusCode()).isEqualTo(403);
        Thread.sleep(300);
        assertThat(host.metric("mailsync_triggers_total", "provider=\"microsoft\"", "source=\"webhook\""))
                .isEqualTo(webhookTriggers);
        assertThat(host.stored(GRAPH_ACCOUNT)).isEqualTo(before);
        assertThat(host.metric("mailsync_host_webhook_requests_total", "route=\"graph\"", "status=\"403\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSignedGmailPushToTheHostRouteSyncsNewMail() {
        long delivered = host.gmail.pushesDelivered();
        String id = aliceBox.insert(FakeGmailMessage.builder().subject("pushed to the host").build());

        await().atMost(Duration.ofSeconds(15)).until(() -> host.app.store().find(GMAIL_ACCOUNT, id).isPresent());
        assertThat(host.gmail.pushesDelivered()).isGreaterThan(delivered);
        assertThat(host.metric("mailsync_host_webhook_requests_total", "route=\"gmail\"", "status=\"204\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void gmailPushesWithABadTokenAreRefusedAndSyncNothing() throws Exception {
        double pubsubTriggers = host.metric("mailsync_triggers_total", "provider=\"google\"", "source=\"pubsub\"");
        String data = Base64.getEncoder().encodeToString(("{\"emailAddress\":\"" + ALICE + "\",\"historyId\":\"99999\"}")
                .getBytes(StandardCharsets.UTF_8));
        String body = "{\"message\":{\"data\":\"" + data + "\",\"messageId\":\"1\",\"publishTime\":\"2026-11-26T00:00:00Z\"},"
                + "\"subscription\":\"projects/host-it/subscriptions/push\"}";

        assertThat(pushWith(host.gmail.pushTokens().forgedToken(HostFixture.AUDIENCE, HostFixture.PUSHER), body)
                .statusCode()).isEqualTo(401);
        assertThat(pushWith(host.gmail.pushTokens().token("https://other.example.com", HostFixture.PUSHER), body)
                .statusCode()).isEqualTo(401);
        assertThat(pushWith(host.gmail.pushTokens().token(HostFixture.AUDIENCE, "intruder@evil.iam.gserviceaccount.com"),
                body).statusCode()).isEqualTo(403);
        assertThat(pushWith(null, body).statusCode()).isEqualTo(401);

        Thread.sleep(300);
        assertThat(host.metric("mailsync_triggers_total", "provider=\"google\"", "source=\"pubsub\""))
                .isEqualTo(pubsubTriggers);
        assertThat(host.metric("mailsync_host_webhook_requests_total", "route=\"gmail\"", "status=\"401\""))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void oversizedWebhookBodiesGet413WithoutReachingTheHandler() {
        HttpResponse<String> r = host.postJson(HostApp.GRAPH_WEBHOOK_PATH, "{\"value\":[\"" + "x".repeat(1 << 20)
                + "\"]}", null);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).startsWith("{\"error\":");
    }

    @Test
    void metricsShowSubscriptionExpiryPerProvider() {
        double graphSeconds = host.metric("mailsync_host_subscription_expiry_seconds", "provider=\"microsoft\"");
        double gmailSeconds = host.metric("mailsync_host_subscription_expiry_seconds", "provider=\"google\"");
        assertThat(graphSeconds).isBetween(Duration.ofHours(1).toSeconds() * 1.0, Duration.ofDays(7).toSeconds() * 1.0);
        assertThat(gmailSeconds).isBetween(Duration.ofDays(6).toSeconds() * 1.0, Duration.ofDays(8).toSeconds() * 1.0);
    }

    private static HttpResponse<String> pushWith(String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.url(HostApp.GMAIL_PUSH_PATH)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return host.send(b);
    }
}
