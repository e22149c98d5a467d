package io.mailsync.examples.host;

import io.mailsync.gmail.GmailPushHandler;
import io.mailsync.gmail.GmailPushResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The Pub/Sub push endpoint for Gmail in a {@code jakarta.servlet} container (Servlet 6): delegates each POST to the
 * {@link GmailPushHandler}, which verifies the push's OIDC token and enqueues a sync, and writes its answer (204 to
 * acknowledge, 401/403 for a bad token, 400 for a malformed push). Bodies over the limit get 413 first.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new GmailPushServlet(handler, 64 * 1024)), "/api/webhooks/gmail-pubsub");
 * }</pre>
 *
 * <p>Register an instance programmatically (it has no default constructor). Thread-safe.
 */
public final class GmailPushServlet extends BodyLimitedServlet {

    private final transient GmailPushHandler handler;

    /**
     * A servlet over {@code handler}.
     *
     * @param maxBodyBytes the largest body read, at least 1 KiB (Pub/Sub pushes of Gmail notifications are tiny)
     */
    public GmailPushServlet(GmailPushHandler handler, int maxBodyBytes) {
        super(maxBodyBytes);
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    protected void answer(HttpServletRequest req, HttpServletResponse resp, byte[] body) throws IOException {
        GmailPushResponse r = handler.handle(req.getMethod(), ServletIo.headers(req), body);
        ServletIo.write(resp, r.status(), r.contentType(), r.body().getBytes(StandardCharsets.UTF_8));
    }
}
