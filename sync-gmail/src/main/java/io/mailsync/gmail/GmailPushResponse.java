package io.mailsync.gmail;

import java.util.Objects;

/**
 * What the host's HTTP layer answers to a Pub/Sub push.
 *
 * @param status      the HTTP status (204: acknowledged; 400: malformed; 401/403: not authenticated/authorised;
 *                    405: not a POST)
 * @param contentType the body's media type ({@code text/plain; charset=UTF-8}), empty for 204
 * @param body        a short explanation without any of the request's data; empty for 204
 */
public record GmailPushResponse(int status, String contentType, String body) {

    public GmailPushResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    static GmailPushResponse noContent() {
        return new GmailPushResponse(204, "", "");
    }

    static GmailPushResponse error(int status, String text) {
        return new GmailPushResponse(status, "text/plain; charset=UTF-8", text);
    }
}
