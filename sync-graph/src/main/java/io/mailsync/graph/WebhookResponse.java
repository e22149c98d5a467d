package io.mailsync.graph;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What the host's HTTP layer sends back.
 *
 * @param status      the HTTP status
 * @param contentType the Content-Type, or empty when there is no body
 * @param headers     further headers to send
 * @param body        the body (may be empty)
 */
public record WebhookResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    public WebhookResponse {
        Objects.requireNonNull(contentType, "contentType");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    static WebhookResponse text(int status, String text) {
        return new WebhookResponse(status, "text/plain; charset=utf-8", Map.of("X-Content-Type-Options", "nosniff"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    static WebhookResponse empty(int status) {
        return new WebhookResponse(status, "", Map.of(), new byte[0]);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
