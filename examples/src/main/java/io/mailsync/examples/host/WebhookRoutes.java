package io.mailsync.examples.host;

import com.sun.net.httpserver.HttpExchange;
import io.mailsync.gmail.GmailPushHandler;
import io.mailsync.gmail.GmailPushResponse;
import io.mailsync.graph.GraphWebhookHandler;
import io.mailsync.graph.WebhookRequest;
import io.mailsync.graph.WebhookResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /api/webhooks/microsoft-graph} (and its {@code /lifecycle} URL) and {@code POST /api/webhooks/gmail-pubsub}:
 * the body is read up to the limit, handed to the provider module's handler, and its answer is sent as it is
 * (the Graph validation handshake must come back as the exact token in {@code text/plain}). The handlers only
 * authenticate and enqueue a trigger, so these routes answer in milliseconds; every answer is counted in
 * {@code mailsync.host.webhook.requests}.
 */
final class WebhookRoutes {

    private final HostMetrics metrics;
    private final int maxBodyBytes;

    WebhookRoutes(HostMetrics metrics, int maxBodyBytes) {
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The Graph notification (or lifecycle) route, counted as {@code routeTag}. */
    Route graph(GraphWebhookHandler handler, String routeTag) {
        return ex -> counted(ex, routeTag, () -> {
            byte[] body = Exchanges.body(ex, maxBodyBytes);
            WebhookResponse r = handler.handle(WebhookRequest.of(ex.getRequestMethod(),
                    ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), body));
            r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            Exchanges.send(ex, r.status(), r.contentType(), r.body());
            return r.status();
        });
    }

    /** The Gmail Pub/Sub push route. */
    Route gmail(GmailPushHandler handler) {
        return ex -> counted(ex, "gmail", () -> {
            byte[] body = Exchanges.body(ex, maxBodyBytes);
            GmailPushResponse r = handler.handle(ex.getRequestMethod(), ex.getRequestHeaders(), body);
            Exchanges.send(ex, r.status(), r.contentType(), r.body().getBytes(StandardCharsets.UTF_8));
            return r.status();
        });
    }

    private interface Answer {
        int send() throws IOException;
    }

    private void counted(HttpExchange ex, String route, Answer answer) throws IOException {
        try {
            metrics.webhookAnswered(route, answer.send());
        } catch (HttpError e) {
            metrics.webhookAnswered(route, e.status());
            throw e;
        }
    }
}
