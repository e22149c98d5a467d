package io.mailsync.examples.host;

import io.mailsync.graph.GraphWebhookHandler;
import io.mailsync.graph.WebhookRequest;
import io.mailsync.graph.WebhookResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Objects;

/**
 * The Graph webhook for a {@code jakarta.servlet} container (Jetty, Tomcat, Undertow; Servlet 6): delegates each POST
 * to the {@link GraphWebhookHandler} — the validation handshake, change notifications with their {@code clientState},
 * lifecycle events — and writes its status, content type and body. Bodies over the limit get 413 before the
 * handler sees them; other methods get the container's 405.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new GraphWebhookServlet(handler, 1 << 20)), "/api/webhooks/microsoft-graph");
 * }</pre>
 *
 * <p>Register an instance programmatically (it has no default constructor). Thread-safe.
 */
public final class GraphWebhookServlet extends BodyLimitedServlet {

    private final transient GraphWebhookHandler handler;

    /**
     * A servlet over {@code handler}.
     *
     * @param maxBodyBytes the largest body read, at least 1 KiB
     */
    public GraphWebhookServlet(GraphWebhookHandler handler, int maxBodyBytes) {
        super(maxBodyBytes);
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    protected void answer(HttpServletRequest req, HttpServletResponse resp, byte[] body) throws IOException {
        WebhookResponse r = handler.handle(WebhookRequest.of(req.getMethod(), req.getQueryString(),
                ServletIo.headers(req), body));
        r.headers().forEach(resp::setHeader);
        ServletIo.write(resp, r.status(), r.contentType(), r.body());
    }
}
