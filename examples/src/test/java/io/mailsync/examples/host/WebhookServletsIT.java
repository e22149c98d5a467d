package io.mailsync.examples.host;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.TriggerSource;
import io.mailsync.gmail.GmailPushHandler;
import io.mailsync.graph.GraphSubscription;
import io.mailsync.graph.GraphWebhookHandler;
import io.mailsync.graph.InMemoryGraphSubscriptionStore;
import io.mailsync.testkit.gmail.GmailFake;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The servlet adapter in an embedded Jetty 12 (ee10), called over real HTTP. */
class WebhookServletsIT {

    private static final AccountId ACCOUNT = AccountId.of("servlet-account");
    private static final String CLIENT_STATE = "a-random-client-state-0123456789abcdef";
    private static final String AUDIENCE = "https://host.example.com/api/webhooks/gmail-pubsub";
    private static final String PUSHER = "push-sa@servlet-it.iam.gserviceaccount.com";

    private record Triggered(AccountId account, FolderId folder, TriggerSource source) {
    }

    private static final List<Triggered> TRIGGERS = new CopyOnWriteArrayList<>();
    private static GmailFake gmail;
    private static Server jetty;
    private static String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startJetty() throws Exception {
        gmail = GmailFake.start();
        InMemoryGraphSubscriptionStore subscriptions = new InMemoryGraphSubscriptionStore();
        subscriptions.save(new GraphSubscription("sub-1", ACCOUNT, FolderId.of("inbox"), CLIENT_STATE,
                Instant.now().plus(Duration.ofDays(2))));
        GraphWebhookHandler graph = GraphWebhookHandler.builder().subscriptions(subscriptions)
                .triggers(WebhookServletsIT::record).minTriggerInterval(Duration.ZERO).build();
        GmailPushHandler push = GmailPushHandler.builder().audience(AUDIENCE).serviceAccountEmail(PUSHER)
                .certsUrl(gmail.certsUrl()).triggerSink(WebhookServletsIT::record)
                .accountLookup(email -> email.equals("alice@example.com") ? Optional.of(ACCOUNT) : Optional.empty())
                .build();

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new GraphWebhookServlet(graph, 4096)), "/graph");
        context.addServlet(new ServletHolder(new GmailPushServlet(push, 4096)), "/gmail");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    private static boolean record(AccountId account, FolderId folder, TriggerSource source) {
        TRIGGERS.add(new Triggered(account, folder, source));
        return true;
    }

    @AfterAll
    static void stopJetty() throws Exception {
        jetty.stop();
        gmail.close();
    }

    @BeforeEach
    void clear() {
        TRIGGERS.clear();
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void graphServletAnswersTheValidationHandshakeWithTheExactToken() throws Exception {
        String token = "Validation: Testing client application reachability <b>&</b>";
        HttpResponse<String> r = post("/graph?validationToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8), "", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(token);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void graphServletTriggersTheFolderOfAnAuthenticNotificationAndRefusesAForgedOne() throws Exception {
        String item = "{\"value\":[{\"subscriptionId\":\"sub-1\",\"clientState\":\"%s\",\"changeType\":\"created\"}]}";

        assertThat(post("/graph", item.formatted(CLIENT_STATE), null).statusCode()).isEqualTo(202);
        assertThat(TRIGGERS).containsExactly(new Triggered(ACCOUNT, FolderId.of("inbox"), TriggerSource.WEBHOOK));

        TRIGGERS.clear();
        assertThat(post("/graph", item.formatted("forged"), null).statusCode()).isEqualTo(403);
        assertThat(post("/graph", "{oops", null).statusCode()).isEqualTo(400);
        assertThat(post("/graph", "{\"value\":[\"" + "x".repeat(5000) + "\"]}", null).statusCode()).isEqualTo(413);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/graph")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(TRIGGERS).isEmpty();
    }

    @Test
    void gmailServletAcknowledgesAVerifiedPushAndRefusesBadTokens() throws Exception {
        String data = Base64.getEncoder().encodeToString("{\"emailAddress\":\"alice@example.com\",\"historyId\":\"42\"}"
                .getBytes(StandardCharsets.UTF_8));
        String body = "{\"message\":{\"data\":\"" + data + "\",\"messageId\":\"7\",\"publishTime\":\"2026-11-26T00:00:00Z\"},"
                + "\"subscription\":\"projects/p/subscriptions/s\"}";

        HttpResponse<String> ok = post("/gmail", body, "Bearer " + gmail.pushTokens().token(AUDIENCE, PUSHER));
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(TRIGGERS).containsExactly(new Triggered(ACCOUNT, FolderId.MAILBOX, TriggerSource.PUBSUB));

        TRIGGERS.clear();
        assertThat(post("/gmail", body, "Bearer " + gmail.pushTokens().forgedToken(AUDIENCE, PUSHER)).statusCode())
                .isEqualTo(401);
        assertThat(post("/gmail", body, null).statusCode()).isEqualTo(401);
        assertThat(post("/gmail", "x".repeat(5000), "Bearer " + gmail.pushTokens().token(AUDIENCE, PUSHER)).statusCode())
                .isEqualTo(413);
        assertThat(TRIGGERS).isEmpty();
    }
}
