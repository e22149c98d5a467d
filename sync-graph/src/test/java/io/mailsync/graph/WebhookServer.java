package io.mailsync.graph;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mailsync.testkit.LoopbackHttp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/** The webhook handler mounted on a local JDK HTTP server, as a host would mount it in its own HTTP layer. */
final class WebhookServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    final AtomicReference<GraphWebhookHandler> handler = new AtomicReference<>();

    WebhookServer() throws IOException {
        server = LoopbackHttp.create(256);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            GraphWebhookHandler h = handler.get();
            if (h == null) {
                ex.sendResponseHeaders(503, -1);
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            WebhookResponse r = h.handle(WebhookRequest.of(ex.getRequestMethod(), ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders(), body));
            r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            if (!r.contentType().isEmpty()) {
                ex.getResponseHeaders().set("Content-Type", r.contentType());
            }
            ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(r.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
